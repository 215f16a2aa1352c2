#!/usr/bin/python3
"""Classic denoisers for the CVDM Studio benchmark (Debian python3-skimage).

Reads <dir>/manifest.json ({"images": [{"name", "width", "height"}]}) with float32 little-endian files
<name>.x.f32 (noisy input) and <name>.y.f32 (clean target). For each method, picks the parameter with the best
mean PSNR over the whole set (an oracle choice: generous to the baselines) and writes <name>.<method>.f32 and
<dir>/classic.json with the chosen parameters.
"""
import json
import sys
import numpy as np
from skimage.restoration import denoise_nl_means, denoise_tv_chambolle, estimate_sigma
from scipy.ndimage import gaussian_filter


def load(d, name, kind, w, h):
    return np.fromfile(f"{d}/{name}.{kind}.f32", dtype="<f4").reshape(h, w).astype(np.float64)


def psnr(y, p):
    rng = y.max() - y.min()
    return 10 * np.log10(rng * rng / np.mean((y - p) ** 2))


def main(d):
    manifest = json.load(open(f"{d}/manifest.json"))
    imgs = [(m["name"], load(d, m["name"], "x", m["width"], m["height"]), load(d, m["name"], "y", m["width"], m["height"])) for m in manifest["images"]]
    methods = {
        "gaussian": [(s, lambda x, s=s: gaussian_filter(x, s)) for s in (0.5, 0.75, 1.0, 1.5, 2.0, 3.0)],
        "tv": [(w, lambda x, w=w: denoise_tv_chambolle(x, weight=w)) for w in (0.02, 0.05, 0.1, 0.2, 0.4, 0.8)],
        "nlm": [(k, lambda x, k=k: denoise_nl_means(x, h=k * estimate_sigma(x), sigma=estimate_sigma(x), patch_size=5, patch_distance=6, fast_mode=True)) for k in (0.6, 0.8, 1.0, 1.3)],
    }
    chosen = {}
    for method, grid in methods.items():
        best = None
        for param, fn in grid:
            outs = [fn(x) for _, x, _ in imgs]
            score = float(np.mean([psnr(y, o) for (_, _, y), o in zip(imgs, outs)]))
            if best is None or score > best[0]:
                best = (score, param, outs)
        chosen[method] = {"param": best[1], "psnr_raw": best[0]}
        for (name, _, _), o in zip(imgs, best[2]):
            o.astype("<f4").tofile(f"{d}/{name}.{method}.f32")
    json.dump(chosen, open(f"{d}/classic.json", "w"))


if __name__ == "__main__":
    main(sys.argv[1])
