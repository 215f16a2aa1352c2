#!/usr/bin/python3
"""Reference values for src/core/data metrics, computed with numpy/scipy/scikit-image.

Usage: /usr/bin/python3 make_reference.py DIR
DIR holds manifest.json: {"cases": [{"name", "width", "height", "truth", "test", "dtype", "dataRange"}]}
with raw little-endian row-major images ("float32" or "uint16"). Prints one JSON object per case name:
PSNR/SSIM/NRMSE from skimage.metrics (same data_range), MS-SSIM from a numpy implementation that uses
skimage's SSIM at 5 scales (the contrast-structure term from the same Gaussian filter, checked against skimage),
CARE's norm_minmse in closed form (np.linalg.lstsq), numpy percentiles, scipy Spearman.
Run by src/core/data/metrics/metrics-reference.test.ts; Debian: apt install python3-skimage.
"""
import json
import os
import sys

import numpy as np
from scipy import ndimage, stats
from skimage.metrics import normalized_root_mse, peak_signal_noise_ratio, structural_similarity

WEIGHTS = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333]
PERCENTILES = [0, 0.1, 1, 37.5, 50, 99.8, 99.9, 100]


def skimage_ssim(x, y, data_range):
    return structural_similarity(x, y, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                                 data_range=data_range, K1=0.01, K2=0.03)


def ssim_and_cs(x, y, data_range):
    """Mean SSIM and mean contrast-structure term, with skimage's filter (sigma 1.5, truncate 3.5, reflect)."""
    f = lambda a: ndimage.gaussian_filter(a, sigma=1.5, truncate=3.5, mode='reflect')
    ux, uy = f(x), f(y)
    vx, vy, vxy = f(x * x) - ux * ux, f(y * y) - uy * uy, f(x * y) - ux * uy
    c1, c2 = (0.01 * data_range) ** 2, (0.03 * data_range) ** 2
    cs = (2 * vxy + c2) / (vx + vy + c2)
    s = (2 * ux * uy + c1) / (ux ** 2 + uy ** 2 + c1) * cs
    p = 5
    mean_s, mean_cs = s[p:-p, p:-p].mean(), cs[p:-p, p:-p].mean()
    sk = skimage_ssim(x, y, data_range)
    assert abs(mean_s - sk) < 1e-10, (mean_s, sk)
    return mean_s, mean_cs


def down2(a):
    h, w = a.shape[0] // 2 * 2, a.shape[1] // 2 * 2
    return a[:h, :w].reshape(h // 2, 2, w // 2, 2).mean(axis=(1, 3))


def ms_ssim(x, y, data_range):
    out = 1.0
    for j, w in enumerate(WEIGHTS):
        s, cs = ssim_and_cs(x, y, data_range)
        out *= max(s if j == len(WEIGHTS) - 1 else cs, 0.0) ** w
        x, y = down2(x), down2(y)
    return out


def norm_minmse(gt, x):
    lo, hi = np.percentile(gt, [0.1, 99.9])
    g = (gt - lo) / (hi - lo + 1e-20)
    a = np.stack([x.ravel(), np.ones(x.size)], axis=1)
    (scale, offset), *_ = np.linalg.lstsq(a, g.ravel(), rcond=None)
    aligned = scale * x + offset
    return {'scale': float(scale), 'offset': float(offset), 'mse': float(np.mean((aligned - g) ** 2)),
            'psnr': float(peak_signal_noise_ratio(g, aligned, data_range=1.0))}


def load(directory, name, dtype, shape):
    return np.fromfile(os.path.join(directory, name), dtype='<' + ('f4' if dtype == 'float32' else 'u2')).reshape(shape)


def main(directory):
    with open(os.path.join(directory, 'manifest.json')) as fh:
        manifest = json.load(fh)
    result = {}
    for case in manifest['cases']:
        shape = (case['height'], case['width'])
        t = load(directory, case['truth'], case['dtype'], shape)
        y = load(directory, case['test'], case['dtype'], shape)
        r = {'percentiles': {str(p): float(v) for p, v in zip(PERCENTILES, np.percentile(t, PERCENTILES))}}
        t, y = t.astype(np.float64), y.astype(np.float64)
        rng = case['dataRange']
        r['psnr'] = float(peak_signal_noise_ratio(t, y, data_range=rng))
        r['ssim'] = float(skimage_ssim(t, y, rng))
        r['nrmse'] = {n: float(normalized_root_mse(t, y, normalization=n)) for n in ('euclidean', 'min-max', 'mean')}
        if min(shape) >= 11 * 16:
            r['msSsim'] = float(ms_ssim(t, y, rng))
        r['normMinMse'] = norm_minmse(t, y)
        r['spearmanAbsError'] = float(stats.spearmanr(t.ravel(), np.abs(y - t).ravel()).correlation)
        result[case['name']] = r
    json.dump(result, sys.stdout)


if __name__ == '__main__':
    main(sys.argv[1])
