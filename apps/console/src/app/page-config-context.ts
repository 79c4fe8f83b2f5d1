import { createContext, useContext } from 'react';
import type { PageConfig } from './page-config';

export const PageConfigContext = createContext<PageConfig>({ devSignIn: false });

export function usePageConfig(): PageConfig {
  return useContext(PageConfigContext);
}
