// The platform's users as an administrator lists them (GET /admin/users), one cached query for every screen.
import { useQuery } from '@tanstack/react-query';
import { api } from '../api.js';
import type { AdminUser, ItemList } from '../api-types.js';

/** The query key of the user list; invalidate it after creating or changing a user. */
export const adminUsersKey = ['admin', 'users'] as const;

/** Every user; `enabled` false for a viewer without users:manage. */
export function useAdminUsers(enabled = true) {
  return useQuery({
    queryKey: adminUsersKey,
    queryFn: ({ signal }) => api.get<ItemList<AdminUser>>('/admin/users', { signal }),
    enabled,
  });
}
