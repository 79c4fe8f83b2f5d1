export * from './working-calendar';
export * from './calendar-files';
