/** An input the user gave that we refuse. `input` is the action input's name, so the message can point at it. */
export class InputError extends Error {
  readonly input: string;

  constructor(input: string, message: string) {
    super(`Input \`${input}\`: ${message}`);
    this.name = 'InputError';
    this.input = input;
  }
}
