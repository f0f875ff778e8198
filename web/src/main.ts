import 'maplibre-gl/dist/maplibre-gl.css';
import './app.css';
import { setWorkerUrl } from 'maplibre-gl';
// maplibre-gl 6 under Vite: point it at its worker explicitly, or the map fails with "Worker failed to load".
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { mount } from 'svelte';
import App from './App.svelte';
import { Locale } from './lib/locale.svelte.ts';

setWorkerUrl(workerUrl);

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target, props: { locale: Locale.fromEnvironment() } });
