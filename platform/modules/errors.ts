/**
 * A module's refusal of what a person asked, with the form field it concerns and a message key
 * of the module's namespace: the route answers 400 (or 403, 404, 409) and shows the message
 * beside the field. Recognised by name: the Remix bundle holds its own copy of this class.
 */
export class ModuleInputError extends Error {
  override name = 'ModuleInputError';
  constructor(
    readonly field: string,
    readonly code: string,
    readonly status: 400 | 403 | 404 | 409 = 400,
  ) {
    super(`${field}: ${code}`);
  }
}

export function isModuleInputError(error: unknown): error is ModuleInputError {
  return error instanceof Error && error.name === 'ModuleInputError' && 'field' in error && 'code' in error;
}

/** Refuses what a person asked: throws the ModuleInputError the route turns into a message beside `field`. */
export function refuse(field: string, code: string, status: 400 | 403 | 404 | 409 = 400): never {
  throw new ModuleInputError(field, code, status);
}
