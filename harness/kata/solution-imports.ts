import * as fs from 'node:fs';
import { isBuiltin } from 'node:module';
import * as path from 'node:path';
import ts from 'typescript';
import type { Bilingual } from '../i18n';
import { PROJECT_ROOT } from '../paths';

const HARNESS_PACKAGE = 'aws-basics-dojo';

/** The project's dependencies: a solution may use them, not its test tooling (devDependencies). */
function projectDependencies(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {});
}

function isAllowed(specifier: string, dependencies: string[]): boolean {
  if (specifier === HARNESS_PACKAGE || isBuiltin(specifier)) return true;
  if (specifier.startsWith('@aws-sdk/')) return true;
  return dependencies.some((name) => specifier === name || specifier.startsWith(`${name}/`));
}

/**
 * The kata contract: a solution imports only Node built-ins, `@aws-sdk/*`, the project's
 * dependencies and the harness by its package name. It is one file, graded wherever it lies, and
 * it must not reach into the tests (`aws-basics-dojo/testing`) or other files. Returns what breaks
 * the rule, or undefined.
 */
export function forbiddenImports(file: string, source: string): Bilingual | undefined {
  const dependencies = projectDependencies();
  const imported = ts.preProcessFile(source, true, true).importedFiles.map((ref) => ref.fileName);
  const forbidden = [...new Set(imported.filter((specifier) => !isAllowed(specifier, dependencies)))];
  if (forbidden.length === 0) return undefined;
  const list = forbidden.map((specifier) => `'${specifier}'`).join(', ');
  return {
    en: `${file} imports ${list}. A solution may import only Node built-ins, @aws-sdk/* clients, the project's dependencies (${dependencies.join(', ')}) and 'aws-basics-dojo'; keep all your code in this one file.`,
    ja: `${file} が ${list} を import しています。解答が import できるのは Node の組み込みモジュール、@aws-sdk/* のクライアント、プロジェクトの依存パッケージ(${dependencies.join(', ')})と 'aws-basics-dojo' だけです。コードはすべてこのファイルに書いてください。`,
  };
}
