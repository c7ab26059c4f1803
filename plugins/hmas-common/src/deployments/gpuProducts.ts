import { labelValueError } from '../kubernetes/names';

/**
 * Node label NVIDIA GPU Feature Discovery sets to the GPU's product name.
 *
 * @public
 */
export const GPU_PRODUCT_NODE_LABEL = 'nvidia.com/gpu.product';

/**
 * The `nvidia.com/gpu.product` values GPU Feature Discovery publishes (the NVML device
 * name with spaces replaced by `-`) for the short GPU types used in the `gpu-type` cluster
 * label. One type covers its form factors and memory sizes.
 *
 * @public
 */
export const gpuProductNames: Readonly<Record<string, readonly string[]>> = {
  h200: ['NVIDIA-H200', 'NVIDIA-H200-NVL'],
  h100: ['NVIDIA-H100-80GB-HBM3', 'NVIDIA-H100-PCIe', 'NVIDIA-H100-NVL'],
  a100: [
    'NVIDIA-A100-SXM4-80GB',
    'NVIDIA-A100-SXM4-40GB',
    'NVIDIA-A100-80GB-PCIe',
    'NVIDIA-A100-PCIE-40GB',
  ],
  l40s: ['NVIDIA-L40S'],
  l40: ['NVIDIA-L40'],
  l4: ['NVIDIA-L4'],
  a10: ['NVIDIA-A10'],
  a10g: ['NVIDIA-A10G'],
  t4: ['Tesla-T4'],
  v100: [
    'Tesla-V100-SXM2-16GB',
    'Tesla-V100-SXM2-32GB',
    'Tesla-V100-PCIE-16GB',
    'Tesla-V100-PCIE-32GB',
  ],
};

/**
 * The suffix GPU Feature Discovery appends to `nvidia.com/gpu.product` on a node whose GPUs
 * are shared by time-slicing or MPS (`NVIDIA-L4-SHARED`), unless `renameByDefault` is off.
 *
 * @public
 */
export const SHARED_PRODUCT_SUFFIX = '-SHARED';

/**
 * The `nvidia.com/gpu.product` values that satisfy a GPU type. A known short type (any
 * case) maps to {@link gpuProductNames}; anything else is matched as given, upper-cased and
 * as `NVIDIA-<UPPER>` (unless it already starts with `NVIDIA-` or `Tesla-`; only valid label
 * values), because node selectors compare exactly: `NVIDIA-L4` given verbatim matches, and
 * `rtx6000` also tries `RTX6000` and `NVIDIA-RTX6000`. Each name also matches with the
 * {@link SHARED_PRODUCT_SUFFIX} of a time-sliced node. A MIG type (`mig-1g.5gb`) has no
 * product: it requests the MIG device's own resource instead (see `gpuResourceName`); on a
 * node under the `single` MIG strategy give the full product name
 * (`NVIDIA-A100-SXM4-40GB-MIG-1g.5gb`), which matches as given.
 *
 * @public
 */
export function gpuProductsForType(gpuType: string): string[] {
  const known = gpuProductNames[gpuType.toLowerCase()];
  const upper = gpuType.toUpperCase();
  const vendorPrefixed = /^(nvidia|tesla)-/i.test(gpuType);
  let products: string[];
  if (known) products = [...known];
  else if (vendorPrefixed) products = [gpuType, upper];
  else products = [gpuType, upper, `NVIDIA-${upper}`];
  // Time-slicing (or MPS) renames the product: the same GPU, shared.
  const candidates = [
    ...products,
    ...products
      .filter(p => !p.endsWith(SHARED_PRODUCT_SUFFIX))
      .map(p => `${p}${SHARED_PRODUCT_SUFFIX}`),
  ];
  // A node selector value must itself be a valid label value.
  return [...new Set(candidates)].filter(v => labelValueError(v) === undefined);
}
