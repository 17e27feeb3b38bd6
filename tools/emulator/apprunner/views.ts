/** The `Service` structure DescribeService, CreateService, UpdateService, DeleteService, Pause and Resume return. */
import { epochSeconds, type JsonObject } from '../json.ts';
import { autoScalingSummary, type ConfigurationPlace } from './configurations.ts';
import { isPublic, type ServiceConfig, type ServiceRecord } from './model.ts';

const clone = <T>(value: T): T => structuredClone(value);

export function describeService(
  place: ConfigurationPlace,
  service: ServiceRecord,
  shown: ServiceConfig = service.config,
): JsonObject {
  const view: JsonObject = {
    ServiceName: service.name,
    ServiceId: service.id,
    ServiceArn: service.arn,
    CreatedAt: epochSeconds(service.createdAt),
    UpdatedAt: epochSeconds(service.updatedAt),
    Status: service.status,
    SourceConfiguration: clone(shown.SourceConfiguration) as JsonObject,
    InstanceConfiguration: clone(shown.InstanceConfiguration) as unknown as JsonObject,
    HealthCheckConfiguration: clone(shown.HealthCheckConfiguration) as JsonObject,
    AutoScalingConfigurationSummary: autoScalingSummary(place, shown.AutoScalingConfigurationArn),
    NetworkConfiguration: clone(shown.NetworkConfiguration) as JsonObject,
    ObservabilityConfiguration: clone(shown.ObservabilityConfiguration) as unknown as JsonObject,
  };
  // Private services have no URL: AWS leaves the member out (aws-sdk-go#4635).
  if (isPublic(shown)) view.ServiceUrl = service.host;
  if (service.deletedAt !== undefined) view.DeletedAt = epochSeconds(service.deletedAt);
  if (service.encryption) view.EncryptionConfiguration = clone(service.encryption) as unknown as JsonObject;
  return view;
}
