/*
 * Reading a module action's form: every field is text or absent, whatever the browser (or a
 * script) sent.
 */

/** A text field's value, '' when absent or a file. */
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** Every value of a repeated text field (checkboxes…). */
export function formTexts(form: FormData, name: string): string[] {
  return form.getAll(name).filter((value): value is string => typeof value === 'string');
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value from a form or an address is a uuid: anything else would make PostgreSQL throw. */
export const isUuid = (value: string) => uuidPattern.test(value);
