import { useApi } from '@backstage/core-plugin-api';
import { KarmadaPolicyObject } from '@h-mas/plugin-hmas-common';
import { useState } from 'react';
import { hmasApiRef } from '../../api';
import { serverMessage } from './errors';

/**
 * Creates a policy through the backend: `saving` while the write runs, then `onCreated`, or
 * the server's message (which names the field Karmada rejected) in `error`.
 *
 * @internal
 */
export function useCreatePolicy(
  onCreated?: (policy: KarmadaPolicyObject) => void,
  initialError?: string,
) {
  const hmasApi = useApi(hmasApiRef);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState(initialError);

  const create = async (policy: KarmadaPolicyObject) => {
    setSaving(true);
    setError(undefined);
    try {
      const created = await hmasApi.createPolicy(policy);
      onCreated?.(created);
    } catch (e) {
      setError(serverMessage(e));
      setSaving(false);
    }
  };

  return { create, saving, error, clearError: () => setError(undefined) };
}
