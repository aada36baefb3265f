import React from 'react';
import { createRoot } from 'react-dom/client';
import App from './App';
import { initTracking } from './tracking';

initTracking();

createRoot(document.getElementById('root')).render(
  <React.StrictMode>
    <App />
  </React.StrictMode>,
);
