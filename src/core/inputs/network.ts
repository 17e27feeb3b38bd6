import { InputError } from './errors.js';
import { SECURITY_GROUP_ID, SUBNET_ID } from './patterns.js';

/**
 * `vpc-subnets` and `vpc-security-groups`, given as lists: both or neither, every ID well formed, sorted so that
 * they compare with what AWS reports. Both are required together: AWS pairs subnets given alone with the VPC's
 * default group, which is rarely what was meant and would never match the inputs again.
 */
export function checkVpcNetwork(lists: {
  subnets: string[];
  securityGroups: string[];
}): { subnets: string[]; securityGroups: string[] } | undefined {
  const { subnets, securityGroups } = lists;
  if (subnets.length === 0 && securityGroups.length === 0) return undefined;
  if (subnets.length === 0) throw new InputError('vpc-security-groups', 'goes with `vpc-subnets`, which is empty.');
  if (securityGroups.length === 0) throw new InputError('vpc-subnets', 'needs `vpc-security-groups` too.');
  const badSubnet = subnets.find((id) => !SUBNET_ID.test(id));
  if (badSubnet) throw new InputError('vpc-subnets', `\`${badSubnet}\` is not a subnet ID (subnet-0123abcd...).`);
  const badGroup = securityGroups.find((id) => !SECURITY_GROUP_ID.test(id));
  if (badGroup)
    throw new InputError('vpc-security-groups', `\`${badGroup}\` is not a security group ID (sg-0123abcd...).`);
  return { subnets: [...subnets].sort(), securityGroups: [...securityGroups].sort() };
}
