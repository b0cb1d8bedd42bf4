import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadManifest } from '../../harness/kata/manifest';
import { ROOT } from '../run-dojo';

const GUIDES = ['docs/facilitator-guide.md', 'docs/facilitator-guide.ja.md'];
const READMES = ['README.md', 'README.ja.md'];
const ids = loadManifest().map((kata) => kata.id);

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) =>
    heading.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-'),
  );
}

/** Relative links of a Markdown file, outside code blocks. */
function relativeLinks(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target).filter((target) => !/^[a-z]+:/.test(target));
}

describe("the facilitator's guide", () => {
  it.each([...GUIDES, ...READMES])('%s links only to files and headings that exist', (file) => {
    const broken = relativeLinks(read(file)).filter((link) => {
      const [target, anchor] = link.split('#');
      const resolved = target === '' ? file : path.join(path.dirname(file), target);
      if (!fs.existsSync(path.join(ROOT, resolved))) return true;
      return anchor !== undefined && !anchors(read(resolved)).includes(decodeURIComponent(anchor));
    });
    expect(broken).toEqual([]);
  });

  it.each(READMES)('%s links both guides and the CI workflow, before its Backends section', (file) => {
    const text = read(file);
    const backends = text.indexOf(file === 'README.md' ? '\n## Backends\n' : '\n## バックエンド\n');
    expect(backends).toBeGreaterThan(0);
    for (const target of ['(docs/facilitator-guide.md)', '(docs/facilitator-guide.ja.md)', '(.github/workflows/grade.yml)']) {
      const at = text.indexOf(target);
      expect({ target, before: at > 0 && at < backends }).toEqual({ target, before: true });
    }
  });

  it.each(GUIDES)('%s plans every kata in one of four sessions, and names only katas that exist', (file) => {
    const text = read(file);
    const named = [...new Set([...text.matchAll(/`(\d\d-[a-z0-9-]+)`/g)].map(([, id]) => id))];
    expect(named.filter((id) => !ids.includes(id))).toEqual([]);
    const sessionRows = text.split('\n').filter((line) => /^\| [1-4] ?[·・]/.test(line));
    expect(sessionRows).toHaveLength(4);
    const planned = sessionRows.flatMap((row) => [...row.matchAll(/`(\d\d-[a-z0-9-]+)`/g)].map(([, id]) => id)).sort();
    expect(planned).toEqual([...ids].sort());
  });

  it.each(GUIDES)('%s keeps the three ★ katas of the README as its ★ katas', (file) => {
    const starred = (text: string) => [...new Set([...text.matchAll(/`(\d\d-[a-z0-9-]+)` ★|★ `(\d\d-[a-z0-9-]+)`/g)].map(([, after, before]) => after ?? before))].sort();
    expect(starred(read('README.md'))).toEqual(['04-reachable-subnet', '12-give-the-task-a-role', '13-scope-the-policy']);
    expect(starred(read(file))).toEqual(starred(read('README.md')));
  });
});
