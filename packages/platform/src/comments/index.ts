export { postStickyComment, formatMarker, parseMarker, visibleBody, isNewer, truncateBody, type CommentThread, type ThreadComment, type StickyOptions, type StickyOutcome, type CommentBehavior, type Marker } from './sticky.js';
export { githubThread, githubApproval, GITHUB_MAX_COMMENT, type GithubTarget } from './github.js';
export { gitlabThread, gitlabApproval, GITLAB_MAX_NOTE, type GitlabTarget } from './gitlab.js';
export { detectReviewRequest, type ReviewRequest } from './context.js';
