// Builds the playground into OUTDIR as exactly three files: index.html, app.js and app.css.
// Usage: node build.mjs OUTDIR
//
// The rule language's keywords are not copied into the page's code: they are read from the
// grammar (../grammar/Regel.g4) here, at build time, and handed to the bundle as the virtual
// module `regel:nyckelord`, so a keyword added to the grammar reaches the editor with no other edit.
import { build } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const grammarPath = path.join(here, '..', 'grammar', 'Regel.g4');

// Every quoted literal of the grammar that is a word (letters, or `ja/nej`) is a keyword; the
// punctuation literals ('{', '<=', '%') and the lexer's character fragments are not.
export function keywordsFromGrammar(grammar) {
  const code = grammar.replace(/\/\/[^\n]*/g, '');
  const words = new Set();
  for (const m of code.matchAll(/'((?:[^'\\]|\\.)*)'/g)) {
    if (/^\p{L}+(?:\/\p{L}+)?$/u.test(m[1])) words.add(m[1]);
  }
  if (words.size < 40) throw new Error(`found only ${words.size} keywords in ${grammarPath}`);
  return [...words].sort();
}

const keywordPlugin = {
  name: 'regel-nyckelord',
  setup(b) {
    b.onResolve({ filter: /^regel:nyckelord$/ }, () => ({ path: grammarPath, namespace: 'nyckelord' }));
    b.onLoad({ filter: /.*/, namespace: 'nyckelord' }, async () => {
      const keywords = keywordsFromGrammar(await readFile(grammarPath, 'utf8'));
      return { contents: `export default ${JSON.stringify(keywords)};`, loader: 'js', watchFiles: [grammarPath] };
    });
  },
};

async function main() {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: node build.mjs OUTDIR');
    process.exit(2);
  }
  // One entry point named `app` gives app.js and, from the CSS it imports, app.css.
  const result = await build({
    entryPoints: { app: path.join(here, 'src', 'main.js') },
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    sourcemap: false,
    write: false,
    outdir: outDir,
    logLevel: 'warning',
    loader: { '.regel': 'text' }, // the editor's starting text, src/starter.regel
    plugins: [keywordPlugin],
  });
  const files = new Map(result.outputFiles.map((f) => [path.basename(f.path), f.contents]));
  const names = [...files.keys()].sort().join(',');
  if (names !== 'app.css,app.js') throw new Error(`unexpected build output: ${names}`);
  files.set('index.html', await readFile(path.join(here, 'src', 'index.html')));

  await mkdir(outDir, { recursive: true });
  for (const [name, contents] of files) await writeFile(path.join(outDir, name), contents);
  console.log(`lekplats: ${[...files.keys()].sort().join(', ')} i ${outDir}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`lekplats: bygget misslyckades: ${e.message}`);
    process.exit(1);
  });
}
