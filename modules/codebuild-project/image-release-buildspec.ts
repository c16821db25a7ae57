import { RELEASE_TAG_PREFIX } from '../ecr-repository';
import type { Buildspec } from './buildspec';

// Shell variables are written $NAME, never ${NAME}: Terraform would read ${...} as its own interpolation.

/** The image release tagger: what it tags, and where. */
export interface ImageReleaseBuildspecOptions {
  /** The service's ECR repository (its name) in this account. */
  readonly repositoryName: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`: an image of another repository is refused. */
  readonly repositoryUri: string;
}

const NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

/** `{ echo "image release: MESSAGE" >&2; exit 1; }`. */
function fail(message: string): string {
  return `{ echo "image release: ${message}" >&2; exit 1; }`;
}

/**
 * The buildspec of the release tagger, run where the artifact is promoted out of the environment that built it
 * (its Promote stage, before the hand-over): the image the artifact's `imageDetail.json` names (by digest) gets the
 * tag `release-<first 12 hex digits of its digest>`, so the repository's lifecycle rules never expire it by the
 * count of all images (modules/ecr-repository). Tags are immutable: the tag is put once; a rerun (a retried stage, a
 * second promotion of the same image) finds it there and stops.
 */
export function imageReleaseBuildspec(options: ImageReleaseBuildspecOptions): Buildspec {
  if (!NAME.test(options.repositoryName))
    throw new Error(`image release buildspec: "${options.repositoryName}" is not an ECR repository name`);
  if (!options.repositoryUri.endsWith(`/${options.repositoryName}`)) {
    throw new Error(`image release buildspec: repositoryUri ${options.repositoryUri} is not that of ${options.repositoryName}`);
  }
  const repository = `--repository-name ${options.repositoryName}`;
  return {
    version: '0.2',
    env: { shell: 'bash' },
    phases: {
      build: {
        commands: [
          `test -f imageDetail.json || ${fail('imageDetail.json not in the promoted artifact: the build records the image it pushed there')}`,
          `IMAGE_URI="$(python3 -c 'import json; print(json.load(open("imageDetail.json"))["ImageURI"])')"`,
          `case "$IMAGE_URI" in ${options.repositoryUri}@sha256:*) ;; *) ${fail(`imageDetail.json names $IMAGE_URI, not an image of ${options.repositoryUri} by digest`)};; esac`,
          'IMAGE_DIGEST="$(echo "$IMAGE_URI" | cut -d@ -f2)"',
          `RELEASE_TAG="${RELEASE_TAG_PREFIX}$(echo "$IMAGE_DIGEST" | cut -c8-19)"`,
          `TAGS="$(aws ecr describe-images ${repository} --image-ids imageDigest=$IMAGE_DIGEST --query 'imageDetails[0].imageTags' --output text)"`,
          [
            'if printf \'%s\\n\' $TAGS | grep -qxF "$RELEASE_TAG"; then',
            '  echo "$IMAGE_URI is tagged $RELEASE_TAG already";',
            'else',
            `  MANIFEST="$(aws ecr batch-get-image ${repository} --image-ids imageDigest=$IMAGE_DIGEST --query 'images[0].imageManifest' --output text)" &&`,
            `  MEDIA_TYPE="$(aws ecr batch-get-image ${repository} --image-ids imageDigest=$IMAGE_DIGEST --query 'images[0].imageManifestMediaType' --output text)" &&`,
            `  aws ecr put-image ${repository} --image-tag "$RELEASE_TAG" --image-digest "$IMAGE_DIGEST" --image-manifest "$MANIFEST" --image-manifest-media-type "$MEDIA_TYPE" > /dev/null &&`,
            '  echo "$IMAGE_URI tagged $RELEASE_TAG: released, kept by the lifecycle rules";',
            'fi',
          ].join('\n'),
        ],
      },
    },
  };
}
