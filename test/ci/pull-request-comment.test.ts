import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../run-dojo';

// The module actions/github-script runs in the workflow; here it gets an in-memory GitHub.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const postSummaryComment: (args: object) => Promise<string> = require(path.join(ROOT, 'scripts/pull-request-comment.cjs'));

interface Comment {
  id: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
  html_url: string;
}

/** The part of octokit the module uses, over a list of comments on pull request #7. */
function fakeGitHub(comments: Comment[], refuseWrites?: { status: number; message: string }) {
  let nextId = 1000;
  const refuse = () => {
    if (refuseWrites) throw Object.assign(new Error(refuseWrites.message), { status: refuseWrites.status });
  };
  const issues = {
    listComments: async ({ issue_number }: { issue_number: number }) => {
      expect(issue_number).toBe(7);
      return { data: [...comments] };
    },
    createComment: async ({ issue_number, body }: { issue_number: number; body: string }) => {
      expect(issue_number).toBe(7);
      refuse();
      const comment: Comment = { id: nextId++, body, user: { login: 'github-actions[bot]', type: 'Bot' }, html_url: `https://github.com/o/r/pull/7#issuecomment-${nextId}` };
      comments.push(comment);
      return { data: comment };
    },
    updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
      refuse();
      const comment = comments.find((c) => c.id === comment_id);
      if (!comment) throw Object.assign(new Error('Not Found'), { status: 404 });
      comment.body = body;
      return { data: comment };
    },
  };
  const paginate = async (method: (params: never) => Promise<{ data: Comment[] }>, params: never) => (await method(params)).data;
  const warnings: string[] = [];
  const core = { info: () => undefined, warning: (text: string) => warnings.push(text) };
  const context = { repo: { owner: 'o', repo: 'r' }, issue: { number: 7 } };
  return { github: { rest: { issues }, paginate }, core, context, warnings };
}

function summaryFile(markdown: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'summary-')), 'summary.md');
  fs.writeFileSync(file, markdown);
  return file;
}

const bot = (id: number, body: string): Comment => ({ id, body, user: { login: 'github-actions[bot]', type: 'Bot' }, html_url: '' });

describe('the pull request comment', () => {
  it('is posted once, then edited on later pushes instead of posted again', async () => {
    const comments: Comment[] = [];
    const gh = fakeGitHub(comments);
    const marker = 'aws-basics-dojo grade: moto';

    await expect(postSummaryComment({ ...gh, marker, bodyFile: summaryFile('## Score 3/17\n') })).resolves.toBe('created');
    await expect(postSummaryComment({ ...gh, marker, bodyFile: summaryFile('## Score 5/17\n') })).resolves.toBe('updated');

    expect(comments).toHaveLength(1);
    expect(comments[0].body).toBe('<!-- aws-basics-dojo grade: moto -->\n## Score 5/17\n');
  });

  it("leaves other comments alone: another backend's, and a person's that quotes the marker", async () => {
    const person: Comment = { id: 1, body: '<!-- aws-basics-dojo grade: moto -->\nwhy is 04 red?', user: { login: 'learner', type: 'User' }, html_url: '' };
    const localstack = bot(2, '<!-- aws-basics-dojo grade: localstack -->\n## Score 1/17\n');
    const comments = [person, localstack];
    const gh = fakeGitHub(comments);

    await expect(postSummaryComment({ ...gh, marker: 'aws-basics-dojo grade: moto', bodyFile: summaryFile('## Score 2/17\n') })).resolves.toBe('created');

    expect(comments.map((c) => c.body)).toEqual([
      '<!-- aws-basics-dojo grade: moto -->\nwhy is 04 red?',
      '<!-- aws-basics-dojo grade: localstack -->\n## Score 1/17\n',
      '<!-- aws-basics-dojo grade: moto -->\n## Score 2/17\n',
    ]);
  });

  it('with a read-only token (a fork, Dependabot) warns and does not fail the job', async () => {
    const comments: Comment[] = [];
    const gh = fakeGitHub(comments, { status: 403, message: 'Resource not accessible by integration' });

    await expect(postSummaryComment({ ...gh, marker: 'm', bodyFile: summaryFile('## Score\n') })).resolves.toBe('skipped');

    expect(comments).toEqual([]);
    expect(gh.warnings).toEqual([
      'Could not comment on pull request #7 (Resource not accessible by integration): this run\'s token may only read, as for a pull request from a fork. The scorecard is in the job summary.',
    ]);
  });

  it('fails the step on any other error, so a broken comment is not mistaken for a posted one', async () => {
    const gh = fakeGitHub([], { status: 502, message: 'Bad Gateway' });
    await expect(postSummaryComment({ ...gh, marker: 'm', bodyFile: summaryFile('## Score\n') })).rejects.toThrow('Bad Gateway');
  });

  it("cuts a summary longer than GitHub's comment limit, and says where the whole one is", async () => {
    const comments: Comment[] = [];
    const gh = fakeGitHub(comments);
    const long = `## Score\n${'| 04-reachable-subnet | fail | the subnet has no route to 0.0.0.0/0 |\n'.repeat(2000)}`;

    await postSummaryComment({ ...gh, marker: 'm', bodyFile: summaryFile(long) });

    expect(long.length).toBeGreaterThan(65_536);
    expect(comments[0].body.length).toBeLessThanOrEqual(65_536);
    expect(comments[0].body.startsWith('<!-- m -->\n## Score\n| 04-reachable-subnet | fail |')).toBe(true);
    expect(comments[0].body).toContain("cut here: GitHub limits a comment's length. The whole summary is in the job summary and the run's artifacts.");
    expect(comments[0].body).toContain('全文はジョブのサマリーと実行の成果物にあります');
  });
});
