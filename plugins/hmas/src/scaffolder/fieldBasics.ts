/**
 * What every H-MAS scaffolder field reads from its props the same way: its element id, the
 * title and description the template gives it (else the field's own), and whether the form
 * reported errors for it.
 *
 * @internal
 */
export function fieldBasics(
  props: {
    idSchema?: { $id?: string };
    schema: { title?: string; description?: string };
    rawErrors?: string[];
  },
  defaults: { id: string; title: string; description: string },
) {
  return {
    id: props.idSchema?.$id ?? defaults.id,
    title: props.schema.title ?? defaults.title,
    description: props.schema.description ?? defaults.description,
    hasErrors: !!props.rawErrors?.length,
  };
}
