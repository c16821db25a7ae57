/** What a CodeBuild project of a service is for: the schema validates against it, modules and stacks name projects by it. */
export const BUILD_PURPOSES = ['build', 'unit-test', 'integration-test', 'security-scan', 'validate'] as const;
export type BuildPurpose = (typeof BUILD_PURPOSES)[number];
