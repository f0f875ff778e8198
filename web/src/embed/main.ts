import 'maplibre-gl/dist/maplibre-gl.css';
import '../app.css';
import { setWorkerUrl } from 'maplibre-gl';
// maplibre-gl 6 under Vite: point it at its worker explicitly, or the map fails with "Worker failed to load".
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { mount } from 'svelte';
import EmbedApp from './EmbedApp.svelte';
import { readEmbedParams } from './params.ts';

/* The embed's entry (web/embed.html): no drawing, sign-in, coordinator or priorities code. */
setWorkerUrl(workerUrl);

const target = document.getElementById('embed');
if (!target) throw new Error('embed.html has no #embed element');

const params = readEmbedParams(location.search);
document.documentElement.lang = params.lang;

export default mount(EmbedApp, { target, props: { params } });
