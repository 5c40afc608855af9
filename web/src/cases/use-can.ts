// Whether the signed-in user holds a permission (the server checks again on every call).
import { useUser } from '../session.js';

/** True when the user's permissions include `permission`. */
export function useCan(permission: string): boolean {
  const user = useUser();
  return user.permissions.includes('*') || user.permissions.includes(permission);
}
