/**
 * The github-script bodies of the workflows (tools/ci/workflows.ts): the only code the workflows run that does
 * not live in tools/ci/*.sh or tools/ci/cli.ts, because it calls the GitHub API with the job token.
 */

/**
 * Who confirmed the danger: the pull request's author, who last added DANGER_LABEL if the pull request carries
 * it now (issue events), and the commit that person's latest approving review is of (a comment-only review does
 * not withdraw an approval; a later "changes requested" does). Written to confirmation.json for
 * tools/ci/gate.ts, which decides (a confirmation holds for the head commit only).
 */
export const CONFIRMATION_SCRIPT = `const fs = require('fs');
const { owner, repo } = context.repo;
const pr = context.payload.pull_request;
const label = process.env.DANGER_LABEL;
const labels = await github.paginate(github.rest.issues.listLabelsOnIssue, { owner, repo, issue_number: pr.number, per_page: 100 });
let labelledBy;
if (labels.some((l) => l.name === label)) {
  const events = await github.paginate(github.rest.issues.listEvents, { owner, repo, issue_number: pr.number, per_page: 100 });
  const added = events.filter((e) => e.event === 'labeled' && e.label && e.label.name === label && e.actor);
  if (added.length > 0) labelledBy = added[added.length - 1].actor.login;
}
let labellerApproved;
if (labelledBy) {
  const reviews = await github.paginate(github.rest.pulls.listReviews, { owner, repo, pull_number: pr.number, per_page: 100 });
  const theirs = reviews.filter((r) => r.user && r.user.login === labelledBy && r.state !== 'COMMENTED');
  const latest = theirs[theirs.length - 1];
  if (latest && latest.state === 'APPROVED') labellerApproved = latest.commit_id;
}
fs.writeFileSync('confirmation.json', JSON.stringify({ author: pr.user.login, labelledBy, labellerApproved }));
`;

/** Create the plan-review comment, or update it in place (found by its first line, the marker). */
export const COMMENT_SCRIPT = `const fs = require('fs');
const body = fs.readFileSync('comment.md', 'utf8');
const marker = body.split('\\n')[0];
const { owner, repo } = context.repo;
const issue_number = context.payload.pull_request.number;
const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
const existing = comments.find((c) => c.user && c.user.type === 'Bot' && (c.body || '').startsWith(marker));
if (existing) {
  await github.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body });
} else {
  await github.rest.issues.createComment({ owner, repo, issue_number, body });
}
`;

/** Open, update or close the drift workflow's issues as tools/ci/drift.ts says. */
export const DRIFT_SCRIPT = `const fs = require('fs');
const { owner, repo } = context.repo;
const runUrl = process.env.RUN_URL;
const actions = JSON.parse(fs.readFileSync('issues.json', 'utf8'));
const open = await github.paginate(github.rest.issues.listForRepo, { owner, repo, state: 'open', per_page: 100 });
for (const action of actions) {
  for (const title of action.close) {
    const issue = open.find((i) => i.title === title && !i.pull_request);
    if (!issue) continue;
    await github.rest.issues.createComment({ owner, repo, issue_number: issue.number, body: \`Resolved as of \${runUrl}.\` });
    await github.rest.issues.update({ owner, repo, issue_number: issue.number, state: 'closed' });
  }
  if (!action.upsert) continue;
  const { title, body, labels } = action.upsert;
  const existing = open.find((i) => i.title === title && !i.pull_request);
  if (existing) await github.rest.issues.update({ owner, repo, issue_number: existing.number, body, labels });
  else await github.rest.issues.create({ owner, repo, title, body, labels });
}
`;
