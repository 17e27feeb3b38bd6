/**
 * The emulator's front end: every request is checked against its service's API model (tools/emulator/models/*.json)
 * after SigV4 and JSON parsing and before the handler, and refused the way AWS refuses it.
 */
import { readFileSync } from 'node:fs';
import { AwsError } from '../errors.ts';
import { ecrMessage, validationMessage } from './message.ts';
import { validateRequest, validateShape, type ServiceModel, type Violation } from './validate.ts';

const loaded = new Map<string, ServiceModel | undefined>();

/** The committed model of a signing service name (`apprunner`, `ecs`, ...); undefined for a service without one. */
export function serviceModel(service: string): ServiceModel | undefined {
  if (!loaded.has(service)) {
    let model: ServiceModel | undefined;
    try {
      model = JSON.parse(readFileSync(new URL(`../models/${service}.json`, import.meta.url), 'utf8')) as ServiceModel;
    } catch {
      model = undefined;
    }
    loaded.set(service, model);
  }
  return loaded.get(service);
}

function refusal(model: ServiceModel, violations: Violation[]): AwsError {
  const message = model.style === 'ecr' ? ecrMessage(violations) : validationMessage(violations);
  return new AwsError({ type: model.validationError, message });
}

/** Throws the service's validation refusal when `input` breaks the model of `operation`. */
export function checkRequest(init: { service: string; operation: string; input: unknown }): void {
  const model = serviceModel(init.service);
  if (!model) return;
  const violations = validateRequest(model, init.operation, init.input);
  if (violations.length > 0) throw refusal(model, violations);
}

/** The same check for one value of a named shape, for what reaches the emulator without a request (seeds). */
export function checkShape(init: { service: string; shape: string; path: string; value: unknown }): void {
  const model = serviceModel(init.service);
  if (!model) throw new Error(`No model for ${init.service}`);
  if (!(init.shape in model.shapes)) throw new Error(`The ${init.service} model has no shape ${init.shape}`);
  const violations = validateShape(model, init);
  if (violations.length > 0) throw refusal(model, violations);
}
