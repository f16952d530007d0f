import { render } from 'preact';
import { apiClient } from '../shared/api';
import { webConfig } from '../shared/config';
import '../shared/base.css';
import { BookingApp } from './BookingPage';

const root = document.getElementById('app') as HTMLElement;
void webConfig()
  .then((config) => render(<BookingApp api={apiClient(config.apiUrl)} apiUrl={config.apiUrl} />, root))
  .catch(() => {
    root.textContent = 'This page could not load. / Cette page n’a pas pu se charger.';
  });
