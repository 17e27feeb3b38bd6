/** Every ECR operation the emulator answers. */
import type { HandlerTable } from '../handler.ts';
import { imageHandlers } from './image-handlers.ts';
import { repositoryHandlers } from './repositories.ts';

export const ecrHandlers: HandlerTable = { ...repositoryHandlers, ...imageHandlers };
