import initSqlJs, { type SqlJsStatic } from 'sql.js';

/*
 * SQLite for GeoPackage files, as WebAssembly (sql.js): no native build, so it installs and
 * runs the same on every machine. Files are read and written whole, in memory.
 */

let sqlite: Promise<SqlJsStatic> | undefined;

/** The sql.js module, loaded once (the .wasm sits next to its script in node_modules). */
export function loadSqlite(): Promise<SqlJsStatic> {
  sqlite ??= initSqlJs();
  return sqlite;
}
