/** What every emulated operation is: a function of the world and the parsed request body. */
import type { JsonObject } from './json.ts';
import type { EmulatorState } from './state.ts';

export type Handler = (state: EmulatorState, input: JsonObject) => JsonObject | Promise<JsonObject>;

export type HandlerTable = Record<string, Handler>;
