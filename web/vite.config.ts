import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';

/*
 * Front end build. The root is `web/`; the API serves `web/dist` in production. In
 * development the API runs separately (`npm run dev`), so `/api` and `/tiles` are proxied to it.
 * Three pages: the planner map (index.html), the public embed (embed.html, served at /embed) and
 * the staff's import page (import.html, served at /import).
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const apiOrigin = 'http://127.0.0.1:3000';
const proxy = {
  '/api': { target: apiOrigin, changeOrigin: false },
  '/tiles': { target: apiOrigin, changeOrigin: false },
};

/** Modules the embed must never load: drawing, sign-in, the coordinator's, priorities', hotspots' and signals' code. */
const EMBED_FORBIDDEN: readonly RegExp[] = [
  /node_modules[\\/]terra-draw/,
  /web[\\/]src[\\/]App\.svelte$/,
  // Of the planner's components only the class legend is shared.
  /web[\\/]src[\\/]components[\\/](?!ClassLegend\.svelte$)/,
  /web[\\/]src[\\/]lib[\\/](draw|auth\.svelte|priorities(\.svelte)?|focus-areas\.svelte|area-edit|area-figures|snapping|hotspots(\.svelte)?|url-state|png-export)\.ts$/,
  // Signals are never public, not even their code (issue 10).
  /web[\\/]src[\\/]lib[\\/](signals(\.svelte)?|signal-map|partners\.svelte)\.ts$/,
  // The staff's import page.
  /web[\\/]src[\\/]import[\\/]/,
  // The planner map's message table: the embed has its own strings (web/src/embed/messages.ts).
  /web[\\/]src[\\/]lib[\\/]i18n\.ts$/,
];

/**
 * Fails the build when the embed's entry chunk, or any chunk it imports, holds a forbidden
 * module: the embed stays light, and no staff code reaches a page other sites frame.
 */
function embedGuard(): Plugin {
  return {
    name: 'embed-guard',
    apply: 'build',
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find(
        (file) => file.type === 'chunk' && file.isEntry && file.name === 'embed',
      );
      if (!entry) return;
      const modules: string[] = [];
      const seen = new Set<string>();
      const queue = [entry.fileName];
      for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
        const chunk = bundle[name];
        if (seen.has(name) || chunk?.type !== 'chunk') continue;
        seen.add(name);
        modules.push(...chunk.moduleIds);
        queue.push(...chunk.imports, ...chunk.dynamicImports);
      }
      // A module's id may carry a query (`X.svelte?svelte&type=style&lang.css`): the file is what counts.
      const files = [...new Set(modules.map((id) => id.split('?', 1)[0]!))];
      const forbidden = files.filter((file) => EMBED_FORBIDDEN.some((pattern) => pattern.test(file)));
      if (forbidden.length > 0) this.error(`the embed would load ${forbidden.join(', ')}`);
      if (process.env.EMBED_MODULES) console.log(files.sort().join('\n'));
    },
  };
}

/** In development, `/embed?…` and `/import?…` are those pages, as the API serves them in production. */
function pageDevRoutes(): Plugin {
  return {
    name: 'page-dev-routes',
    configureServer(server) {
      server.middlewares.use((request, _response, next) => {
        for (const page of ['/embed', '/import']) {
          if (request.url === page || request.url?.startsWith(`${page}?`))
            request.url = request.url.replace(page, `${page}.html`);
        }
        next();
      });
    },
  };
}

export default defineConfig({
  root,
  plugins: [svelte({ configFile: false }), embedGuard(), pageDevRoutes()],
  server: { host: '127.0.0.1', proxy },
  preview: { host: '127.0.0.1', proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // MapLibre alone is about 1 MB minified; keep it in its own long-cached chunk.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        embed: fileURLToPath(new URL('embed.html', import.meta.url)),
        import: fileURLToPath(new URL('import.html', import.meta.url)),
      },
      output: {
        codeSplitting: {
          groups: [{ name: 'maplibre', test: /node_modules[\\/]maplibre-gl[\\/]/ }],
        },
      },
    },
  },
});
