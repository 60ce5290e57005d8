// The rules for the Git coordinates that Argo CD and Flux are given (repository URL, branch, directory), shared by
// the GitOps constructs' prop guards and the project's GitOps settings.
import { PropError } from './prop-error';
import { quote } from './prop-guards';

/** What a repository URL may be, as messages say it. */
export const GIT_URL_RULE = "an http://, https:// or ssh:// URL with a host and a path (Flux reads no scp-like 'git@host:path')";

/** What a branch name may be, as messages say it (git check-ref-format). */
export const BRANCH_RULE = "a git branch name (no spaces, '..', '~^:?*[\\', '@{', no leading '-' or '/', no trailing '/', '.' or '.lock')";

/** What a directory of the repository may be, as messages say it. */
export const REPOSITORY_DIRECTORY_RULE = "a relative path of '/'-separated names without spaces, '.' or '..' (e.g. 'dist')";

/**
 * Whether `value` is a repository URL both tools clone: Flux's GitRepository accepts only `http`, `https` and `ssh`
 * URLs (its CRD's pattern), Argo CD those and more.
 */
export function isGitUrl(value: string): boolean {
  return /^(https?|ssh):\/\/[^\s/]+\/\S+$/.test(value);
}

/** Whether `value` is a branch name git accepts (`git check-ref-format --branch`). */
export function isBranchName(value: string): boolean {
  return (
    value !== '' &&
    value !== '@' &&
    // eslint-disable-next-line no-control-regex
    !/[\s\x00-\x1f\x7f~^:?*[\\]|\.\.|@\{|\/\/|^[-/]|[/.]$|(^|\/)\.|\.lock(\/|$)/.test(value)
  );
}

/** Whether `value` is a directory of a repository as both tools take it: relative, without `.` or `..`. */
export function isRepositoryDirectory(value: string): boolean {
  return value.split('/').every((name) => name !== '' && name !== '.' && name !== '..' && !/\s/.test(name));
}

/** Throws a PropError unless `value` is a repository URL both tools clone. */
export function requireGitUrl(value: string, what: string): void {
  if (typeof value !== 'string' || !isGitUrl(value)) throw new PropError(`${what} must be ${GIT_URL_RULE}, got ${quote(value)}`);
}

/** Throws a PropError unless `value` is a branch name. */
export function requireBranch(value: string, what: string): void {
  if (typeof value !== 'string' || !isBranchName(value)) throw new PropError(`${what} must be ${BRANCH_RULE}, got ${quote(value)}`);
}

/** Throws a PropError unless `value` is a directory of a repository. */
export function requireRepositoryDirectory(value: string, what: string): void {
  if (typeof value !== 'string' || !isRepositoryDirectory(value)) throw new PropError(`${what} must be ${REPOSITORY_DIRECTORY_RULE}, got ${quote(value)}`);
}
