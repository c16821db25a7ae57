/**
 * The IAM actions of the access roles, in the groups their statements grant them, and what tells a write action
 * from a read (a plan role holds none). What the environment stacks do outside IAM is in environment-access.ts.
 */

/** IAM reads on the platform's roles and its permissions boundary (shared by both roles). */
export const IAM_READ_ACTIONS = [
  'iam:GetPolicy',
  'iam:GetPolicyVersion',
  'iam:GetRole',
  'iam:GetRolePolicy',
  'iam:ListAttachedRolePolicies',
  'iam:ListInstanceProfilesForRole',
  'iam:ListPolicyVersions',
  'iam:ListRolePolicies',
  'iam:ListRoleTags',
] as const;

/** Role changes that can grant permissions: allowed only while the role keeps the platform's boundary. */
export const IAM_BOUNDED_WRITE_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:CreateRole',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
] as const;

/** Role changes that grant nothing by themselves (the boundary still caps the role). */
export const IAM_UNBOUNDED_WRITE_ACTIONS = [
  'iam:DeleteRole',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
] as const;

/** The boundary policy's own lifecycle (the environment stack creates it). */
export const BOUNDARY_POLICY_WRITE_ACTIONS = [
  'iam:CreatePolicy',
  'iam:CreatePolicyVersion',
  'iam:DeletePolicy',
  'iam:DeletePolicyVersion',
  'iam:TagPolicy',
  'iam:UntagPolicy',
] as const;

/** Services the platform's roles are passed to (CodeBuild, CodePipeline, CodeDeploy, CloudTrail to Logs, EventBridge targets). */
export const PASS_ROLE_SERVICES = [
  'cloudtrail.amazonaws.com',
  'codebuild.amazonaws.com',
  'codedeploy.amazonaws.com',
  'codepipeline.amazonaws.com',
  'events.amazonaws.com',
] as const;

/** Service-linked roles the account's security baseline needs (GuardDuty and its malware scans, Access Analyzer). */
export const SERVICE_LINKED_ROLE_SERVICES = [
  'access-analyzer.amazonaws.com',
  'guardduty.amazonaws.com',
  'malware-protection.guardduty.amazonaws.com',
] as const;

/** Verbs that change something: a plan role's action may start with none of them. */
export const WRITE_VERBS = [
  'Add',
  'Associate',
  'Attach',
  'Cancel',
  'Create',
  'Delete',
  'Detach',
  'Disable',
  'Disassociate',
  'Enable',
  'Pass',
  'Put',
  'Remove',
  'Rotate',
  'Schedule',
  'Set',
  'Start',
  'Stop',
  'Subscribe',
  'Tag',
  'Unsubscribe',
  'Untag',
  'Update',
  'Validate',
] as const;

/** Whether `action` (`service:Verb...`) changes something, judged by its verb. */
export function isWriteAction(action: string): boolean {
  const verb = action.split(':')[1] ?? '';
  return WRITE_VERBS.some((w) => verb.startsWith(w));
}
