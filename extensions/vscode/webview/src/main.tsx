// @jsxRuntime automatic
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectToHost } from './hostChannel.js';
import { ScanViewer } from './scanViewer.js';

// The host's HTML has one element for the page and loads this bundle with the CSP nonce.
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ScanViewer host={connectToHost()} />
    </StrictMode>,
  );
}
