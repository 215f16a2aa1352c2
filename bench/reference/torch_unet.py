#!/usr/bin/python3
"""PyTorch CPU reference for bench/engine.bench.ts: the same CVDM networks, timed the same way.

Mirrors src/core/engine/model/{denoiser,schedule-net,time-net}.ts (CVDM.md §3.2, §2.3, §9.2):
  denoiser  sr3 U-Net on concat[z, x] with the per-pixel gamma map embedded by softplus(conv_k(G)) and re-projected
            by a 1x1 conv before every res-block; GroupNorm(min(8, C)), swish, AvgPool2 down, nearest x2 up,
            up-blocks take concat[h, skip/sqrt(2)].
  schedule  U-Net of softplus(conv) + InstanceNorm units, MaxPool2 down, softplus head -> lambda(x).
  time nets the monotone scalar nets Gamma(t), tau(t) (negligible cost; a small MLP stands in).
Loss: eps-MSE plus the elementwise gamma/beta/KL-style terms on lambda (same op count class; convs dominate).
Run: /usr/bin/python3 bench/reference/torch_unet.py [--threads 2] [--json] [--reps 5]
"""
import argparse
import json
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

PRESETS = {
    'cvdm-xs': dict(widths=[16, 32, 64], sched=[8, 16, 32]),
    'cvdm-s': dict(widths=[32, 64, 128], sched=[16, 32, 64]),
}


def gn(c, groups=8):
    return nn.GroupNorm(min(groups, c), c, eps=1e-3)


class ResBlock(nn.Module):
    """Conv1x1(h) + Conv3x3(swish(Conv3x3(swish(GN(h))) + Conv1x1(e))); returns (out, e')."""

    def __init__(self, cin, ce, n):
        super().__init__()
        self.emb = nn.Conv2d(ce, n, 1)
        self.gn = gn(cin)
        self.c1 = nn.Conv2d(cin, n, 3, padding=1)
        self.c2 = nn.Conv2d(n, n, 3, padding=1)
        self.skip = nn.Conv2d(cin, n, 1)

    def forward(self, h, e):
        e2 = self.emb(e)
        a = self.c1(F.silu(self.gn(h)))
        a = self.c2(F.silu(a + e2))
        return self.skip(h) + a, e2


class Denoiser(nn.Module):
    def __init__(self, widths, channels=1, cond=1, down_blocks=1, up_blocks=2, embed_kernel=3):
        super().__init__()
        w0 = widths[0]
        self.embed = nn.Conv2d(channels, w0, embed_kernel, padding=embed_kernel // 2)
        self.stem = nn.Conv2d(channels + cond, w0, 3, padding=1)
        self.levels = len(widths)
        self.down, self.up = nn.ModuleList(), nn.ModuleList()
        ch, ce, skips = w0, w0, [w0]
        for level, n in enumerate(widths):
            for _ in range(down_blocks):
                self.down.append(ResBlock(ch, ce, n))
                ch = ce = n
                skips.append(ch)
            if level < self.levels - 1:
                skips.append(ch)
        self.mid = nn.ModuleList([ResBlock(ch, ce, widths[-1]), ResBlock(widths[-1], widths[-1], widths[-1])])
        ch = ce = widths[-1]
        for level in reversed(range(self.levels)):
            for _ in range(up_blocks):
                s = skips.pop()
                self.up.append(ResBlock(ch + s, ce, widths[level]))
                ch = ce = widths[level]
        self.head_gn = gn(ch)
        self.head = nn.Conv2d(ch, channels, 3, padding=1)
        self.down_blocks, self.up_blocks = down_blocks, up_blocks

    def forward(self, z, x, g):
        e = F.softplus(self.embed(g))
        h = self.stem(torch.cat([z, x], 1))
        skips, k = [h], 0
        for level in range(self.levels):
            for _ in range(self.down_blocks):
                h, e = self.down[k](h, e)
                k += 1
                skips.append(h)
            if level < self.levels - 1:
                h, e = F.avg_pool2d(h, 2), F.avg_pool2d(e, 2)
                skips.append(h)
        h, e = self.mid[0](h, e)
        h, e = self.mid[1](h, e)
        k = 0
        for level in reversed(range(self.levels)):
            for _ in range(self.up_blocks):
                h = torch.cat([h, skips.pop() * math.sqrt(0.5)], 1)
                h, e = self.up[k](h, e)
                k += 1
            if level > 0:
                h = F.interpolate(h, scale_factor=2, mode='nearest')
                e = F.interpolate(e, scale_factor=2, mode='nearest')
        return self.head(F.silu(self.head_gn(h)))


class Unit(nn.Module):
    """InstanceNorm(softplus(conv_k(x)))."""

    def __init__(self, cin, n, k=3):
        super().__init__()
        self.conv = nn.Conv2d(cin, n, k, padding=k // 2)
        self.norm = nn.GroupNorm(n, n, eps=1e-3)

    def forward(self, x):
        return self.norm(F.softplus(self.conv(x)))


class ScheduleNet(nn.Module):
    def __init__(self, widths, channels=1, cond=1):
        super().__init__()
        w = widths
        self.stem = nn.Conv2d(cond, w[0], 3, padding=1)
        self.stem_in = nn.GroupNorm(w[0], w[0], eps=1e-3)
        self.stem_c2 = Unit(w[0], w[0])
        self.down = nn.ModuleList()
        for level in range(1, len(w)):
            self.down.append(nn.ModuleList([Unit(w[level - 1], w[level]), Unit(w[level], w[level])]))
        self.up = nn.ModuleList()
        for level in reversed(range(len(w) - 1)):
            self.up.append(nn.ModuleList([nn.Conv2d(w[level + 1], w[level], 3, padding=1),
                                          Unit(2 * w[level], w[level]), Unit(w[level], w[level])]))
        self.head = nn.Conv2d(w[0], channels, 1)
        self.levels = len(w)

    def forward(self, x):
        h = self.stem_c2(self.stem_in(F.softplus(self.stem(x))))
        skips = [h]
        for level, (u1, u2) in enumerate(self.down, start=1):
            h = u2(u1(F.max_pool2d(h, 2)))
            if level < self.levels - 1:
                skips.append(h)
        for i, (c0, u1, u2) in enumerate(self.up):
            level = self.levels - 2 - i
            h = F.softplus(c0(F.interpolate(h, scale_factor=2, mode='nearest')))
            h = u2(u1(torch.cat([h, skips[level]], 1)))
        return F.softplus(self.head(h))


class TimeNet(nn.Module):
    """Stand-in for the monotone scalar time net (hidden 128): f(t), f'(t) at [B] times."""

    def __init__(self, hidden=128):
        super().__init__()
        self.c = nn.Parameter(torch.randn(hidden))
        self.d = nn.Parameter(torch.rand(hidden) * 6 - 3)
        self.w3 = nn.Parameter(torch.full((hidden,), -6.0))

    def forward(self, t):
        s = torch.sigmoid(t[:, None] * F.softplus(self.c) + self.d)
        w3 = F.softplus(self.w3)
        g = (s * w3).sum(1) + 8 + t
        dg = 1 + (w3 * F.softplus(self.c) * s * (1 - s)).sum(1)
        return (t * g).view(-1, 1, 1, 1), (g + t * dg).view(-1, 1, 1, 1)


class Cvdm(nn.Module):
    def __init__(self, preset):
        super().__init__()
        p = PRESETS[preset]
        self.den, self.sched = Denoiser(p['widths']), ScheduleNet(p['sched'])
        self.Gamma, self.tau = TimeNet(), TimeNet()

    def loss(self, x, y, t, eps):
        r = y - x
        lam = self.sched(x)
        G, dG = self.Gamma(t)
        tau, _ = self.tau(t)
        log_gamma = -lam * G
        gamma = torch.exp(log_gamma)
        one_minus = -torch.expm1(log_gamma)
        z = gamma.sqrt() * r + one_minus.sqrt() * eps
        eps_hat = self.den(z, x, gamma)
        l_eps = (eps_hat - eps).square().mean()
        consistency = lam * tau - lam * dG * gamma / one_minus.clamp_min(1e-7)
        l_beta = consistency.square().mean() + (gamma - 1).square().mean() * 1e-3
        v1 = one_minus + 1e-7
        kl = 0.5 * (v1.log() + 1 / v1 + gamma * r.square() / v1 - 1)
        return l_eps + 2 * l_beta + 2 * kl.mean()


def time_ms(fn, reps):
    """(median wall, min wall, min process CPU) ms of `reps` calls after one warm-up call. With 1 thread the CPU
    time is what the call costs on an idle core, whatever else runs on the machine."""
    fn()
    times, cpu = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
    return statistics.median(times), min(times), min(cpu)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--reps', type=int, default=5)
    ap.add_argument('--json', action='store_true')
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    results = []
    for preset in ('cvdm-s', 'cvdm-xs'):
        model = Cvdm(preset)
        opt = torch.optim.Adam(model.parameters(), lr=1e-4)
        cases = [('sample-step', 128, 1), ('forward', 64, 4), ('train-step', 64, 4)]
        for op, size, batch in cases:
            x = torch.randn(batch, 1, size, size)
            y = torch.randn(batch, 1, size, size)
            eps = torch.randn(batch, 1, size, size)
            t = torch.rand(batch)
            if op == 'train-step':
                def step():
                    opt.zero_grad(set_to_none=True)
                    model.loss(x, y, t, eps).backward()
                    opt.step()
                ms, best, cpu = time_ms(step, args.reps)
            else:
                g = torch.rand(batch, 1, size, size)

                def fwd():
                    with torch.no_grad():
                        out = model.den(eps, x, g)
                        if op == 'sample-step':  # fast (DDIM) step algebra on top of the denoiser
                            x0 = (eps - (1 - g).sqrt() * out) / g.sqrt()
                            out = 0.9 * x0 + 0.1 * out
                        return out.sum().item()
                ms, best, cpu = time_ms(fwd, args.reps)
            results.append(dict(preset=preset, op=op, size=size, batch=batch, ms=ms, min_ms=best, cpu_ms=cpu))
            if not args.json:
                print(f'{preset:8} {op:12} {size:4}² b{batch}  {ms:8.1f} ms (min {best:.1f}, cpu {cpu:.1f})')
    if args.json:
        print(json.dumps(dict(torch=torch.__version__, threads=args.threads, results=results)))


if __name__ == '__main__':
    main()
