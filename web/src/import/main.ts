import '../app.css';
import { mount } from 'svelte';
import { Locale } from '../lib/locale.svelte.ts';
import ImportApp from './ImportApp.svelte';

/* The import page's entry (web/import.html, served at /import): no map, no MapLibre. */
const target = document.getElementById('import');
if (!target) throw new Error('import.html has no #import element');

export default mount(ImportApp, { target, props: { locale: Locale.fromEnvironment() } });
