import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { readPageConfig } from './app/page-config';
import { nonceStylesCreatedByScript } from './app/style-nonce';

const config = readPageConfig();
nonceStylesCreatedByScript(document, config.nonce);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App config={config} />
  </StrictMode>,
);
