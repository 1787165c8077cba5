// The programs' one-byte enums (IDL `"kind": "enum"` types of unit variants) as Anchor's coder
// represents them, `{ treasury: {} }`, and as the SDK's API names them, `"treasury"`.

/** The value Anchor's coder takes and returns for the variant `N` of a unit enum. */
export type EnumValue<N extends string> = N extends string ? { [K in N]: Record<string, never> } : never;

/** The variant names of a decoded unit enum (`DecodeEnum<…>` from an account, event or argument type). */
export type VariantName<E> = E extends unknown ? { [K in keyof E]-?: E[K] extends undefined ? never : K }[keyof E] & string : never;

/** `"burn"` → `{ burn: {} }`, the argument Anchor's coder encodes as that variant's index. */
export function enumValue<N extends string>(name: N): EnumValue<N> {
  return { [name]: {} } as EnumValue<N>;
}

/** `{ burn: {} }` (an account field, event field or argument decoded by Anchor) → `"burn"`. */
export function variantName<E extends object>(value: E): VariantName<E> {
  const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
  if (keys.length !== 1) throw new Error(`not a decoded enum variant: ${JSON.stringify(value)}`);
  return keys[0] as VariantName<E>;
}

/**
 * The name of variant `index` of an enum whose variants are `names` (in the IDL's order). The
 * programs' accounts are zero-copy and hold their enum-valued fields as that index (a `u8`), so
 * account reads give numbers where instructions and events take and give variants.
 */
export function variantNameAt<N extends string>(names: readonly N[], index: number): N {
  const name = names[index];
  if (name === undefined) throw new Error(`${index} is no variant of [${names.join(", ")}]`);
  return name;
}
