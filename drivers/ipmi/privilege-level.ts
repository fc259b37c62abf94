/** IPMI privilege levels by Ironic's ipmi_priv_level names (IPMI 2.0 §6.8, Table 22-28). */
export const PrivilegeLevel = { CALLBACK: 1, USER: 2, OPERATOR: 3, ADMINISTRATOR: 4 } as const;
export type PrivilegeName = keyof typeof PrivilegeLevel;

/** True when `name` is one of Ironic's ipmi_priv_level values. */
export function isPrivilegeName(name: unknown): name is PrivilegeName {
  return typeof name === 'string' && Object.hasOwn(PrivilegeLevel, name);
}

/** The ipmi_priv_level name of a privilege level number, for messages. */
export function privilegeName(level: number): string {
  return Object.entries(PrivilegeLevel).find(([, value]) => value === level)?.[0] ?? `level ${level}`;
}
