# Reference timing of the sequence model's LSTM + attention (src/main/engine/blocks/attention-lstm.ts) in PyTorch
# on CPU: the same computation (concat score over [h; c] of the window's previous states, context concatenated with
# the input, P000 eq.5-8), the same sizes and the same loop structure (input projection for all steps at once, then
# per step h W_h + C W_c; keys projected once per state), a tanh FC head to [V, A] on the last step.
# Usage: /usr/bin/python3 bench/reference/torch_lstm_attention.py [threads] [T] [batch] [input] [hidden] [reps]
import sys, time, torch

threads, T, B, D, H = (int(a) for a in (sys.argv[1:6] + ['2', '8', '16', '1024', '512'][len(sys.argv[1:6]):]))
reps = int(sys.argv[6]) if len(sys.argv) > 6 else 10
A = H
torch.set_num_threads(threads)
torch.manual_seed(1)


def glorot(i, o):
    lim = (6 / (i + o)) ** 0.5
    return torch.nn.Parameter(torch.empty(i, o).uniform_(-lim, lim))


class AttLstm(torch.nn.Module):
    def __init__(s):
        super().__init__()
        s.wx, s.wh, s.wc = glorot(D, 4 * H), glorot(H, 4 * H), glorot(2 * H, 4 * H)
        b = torch.zeros(4 * H); b[H:2 * H] = 1
        s.b = torch.nn.Parameter(b)
        s.wq, s.wk = glorot(2 * H, A), glorot(2 * H, A)
        s.ab = torch.nn.Parameter(torch.zeros(A))
        s.v = torch.nn.Parameter(torch.empty(A).uniform_(-(6 / (A + 1)) ** 0.5, (6 / (A + 1)) ** 0.5))
        s.hw, s.hb = glorot(H, 2), torch.nn.Parameter(torch.zeros(2))

    def forward(s, x, mask):  # x [B, T, D], mask [B, T]
        xw = (x.reshape(B * T, D) @ s.wx + s.b).reshape(B, T, 4 * H)
        h = x.new_zeros(B, H); c = x.new_zeros(B, H)
        states, keys, km, rows = [], [], [], []
        for t in range(T):
            g = xw[:, t] + h @ s.wh
            if t == 0:
                ctx = x.new_zeros(B, 2 * H)
            else:
                q = torch.cat([h, c], 1) @ s.wq + s.ab
                K = torch.stack(keys, 1)                                   # [B, t, A], per batch item
                e = (torch.tanh(K + q.unsqueeze(1)) * s.v).sum(2)          # [B, t]
                m = torch.cat(km, 1)
                e = e + (1 - m) * -1e9
                ex = torch.exp(e - e.max(1, keepdim=True).values) * m
                w = ex / (ex.sum(1, keepdim=True) + 1 - m.max(1, keepdim=True).values)
                ctx = torch.bmm(w.unsqueeze(1), torch.stack(states, 1)).squeeze(1)
                rows.append(w)
            g = g + ctx @ s.wc
            i, f, gg, o = g.chunk(4, 1)
            cn = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(gg)
            hn = torch.sigmoid(o) * torch.tanh(cn)
            mt = mask[:, t:t + 1]
            c = mt * cn + (1 - mt) * c
            h = mt * hn + (1 - mt) * h
            if t < T - 1:
                S = torch.cat([h, c], 1)
                states.append(S); keys.append(S @ s.wk); km.append(mt)
        return torch.tanh(h @ s.hw + s.hb)


net = AttLstm()
x = torch.randn(B, T, D); mask = torch.ones(B, T); y = torch.rand(B, 2) * 2 - 1
opt = torch.optim.Adam(net.parameters(), 1e-4, betas=(0.5, 0.999))
def timed(f):
    # Best single repetition: the least disturbed estimate on a shared machine (the tfjs side does the same).
    best = float('inf')
    for _ in range(reps):
        t0 = time.perf_counter(); f(); best = min(best, time.perf_counter() - t0)
    return best


with torch.no_grad():
    net(x, mask)
    fwd = timed(lambda: net(x, mask))


def step():
    opt.zero_grad(); loss = ((net(x, mask) - y) ** 2).mean(); loss.backward(); opt.step()


step()
train = timed(step)
print(f"torch {torch.__version__} threads={torch.get_num_threads()} T={T} batch={B} input={D} hidden={H}: "
      f"forward {fwd * 1000:.2f} ms, train step {train * 1000:.2f} ms")
