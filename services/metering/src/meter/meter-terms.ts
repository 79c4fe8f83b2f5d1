/**
 * Vocabulary of meters (data, not code branches). Accuracy classes of electricity
 * meters in use (GB/T 17215, DL/T 448): 0.2S and 0.5S for CT/PT-connected metering
 * points of large customers, 0.5, 1 and 2 elsewhere; D, C, B, A are the classes of
 * the newer IR 46 based standard.
 */
export const ACCURACY_CLASSES = ['0.2S', '0.5S', '0.2', '0.5', '1', '2', 'D', 'C', 'B', 'A'] as const;

/** An instrument-transformer ratio, primary/secondary, e.g. 200/5 (CT) or 10000/100 (PT). */
export const TRANSFORMER_RATIO = /^[1-9]\d{0,6}(\.\d{1,3})?\/[1-9]\d{0,4}(\.\d{1,3})?$/;
