/**
 * The shapes AWS and registries give names, written once: every parser builds its expressions from these, so that a
 * region or a tag means the same thing in an ARN, an image URI and an input.
 */

/** aws, aws-cn and aws-us-gov. */
export const PARTITION = 'arn:aws(?:-cn|-us-gov)?';
/** `eu-west-1`, `us-gov-west-1`, `cn-north-1`. */
export const REGION = '[a-z]{2}(?:-gov)?-[a-z]+-\\d';
export const ACCOUNT = '\\d{12}';
/** An image tag as registries accept it (OCI distribution spec). */
export const IMAGE_TAG = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}';

export const REGION_PATTERN = new RegExp(`^${REGION}$`);
export const IMAGE_TAG_PATTERN = new RegExp(`^${IMAGE_TAG}$`);
export const SUBNET_ID = /^subnet-[0-9a-f]{8,17}$/;
export const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8,17}$/;
