// Puts a grading summary on a pull request as one comment, and edits that same comment on later
// pushes instead of adding another. Run from actions/github-script in .github/workflows/grade.yml:
//
//   await require('./scripts/pull-request-comment.cjs')({ github, context, core, marker, bodyFile })
//
// `marker` tells this workflow's comments apart (one per backend); it is written as an HTML comment,
// which GitHub does not show.
const fs = require('node:fs');

// GitHub refuses a comment body longer than 65,536 characters.
const MAX_BODY = 65_000;

module.exports = async function postSummaryComment({ github, context, core, marker, bodyFile }) {
  const tag = `<!-- ${marker} -->`;
  const body = `${tag}\n${truncate(fs.readFileSync(bodyFile, 'utf8'))}`;
  const { owner, repo } = context.repo;
  const issue_number = context.issue.number;
  try {
    const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
    const earlier = comments.find((comment) => comment.user?.type === 'Bot' && comment.body?.startsWith(tag));
    if (earlier) {
      await github.rest.issues.updateComment({ owner, repo, comment_id: earlier.id, body });
      core.info(`Updated the grading comment ${earlier.html_url}`);
      return 'updated';
    }
    const { data } = await github.rest.issues.createComment({ owner, repo, issue_number, body });
    core.info(`Posted the grading comment ${data.html_url}`);
    return 'created';
  } catch (error) {
    // A pull request from a fork (or from Dependabot) gets a read-only token: the job summary is the scorecard then.
    if (error.status === 403) {
      core.warning(`Could not comment on pull request #${issue_number} (${error.message}): this run's token may only read, as for a pull request from a fork. The scorecard is in the job summary.`);
      return 'skipped';
    }
    throw error;
  }
};

function truncate(markdown) {
  if (markdown.length <= MAX_BODY) return markdown;
  const note =
    "\n\n… (cut here: GitHub limits a comment's length. The whole summary is in the job summary and the run's artifacts.)\n" +
    '(GitHub のコメントの長さ制限のため、ここで切っています。全文はジョブのサマリーと実行の成果物にあります。)\n';
  return markdown.slice(0, MAX_BODY - note.length) + note;
}
