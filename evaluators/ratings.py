"""Tournament ratings from game results: openskill Plackett-Luce with side handicaps, Elo (K=32),
a Bradley-Terry fit, polarix's game-theoretic ratings, bootstrap intervals, win rates by side
and role.

The input is one :class:`GameResult` per game: who sat where (entrant, side and role per seat)
and which seats won. Nothing here reads a record file or an engine.

**Side imbalance.** Werewolf's sides are unequal in size and strength (2 wolves against 6
villagers, and the village wins more often on some boards). Every method here models a game as
a contest between *sides*, each with a per-side handicap term, and each side's strength is the
seat-weighted *mean* of its entrants' skills plus its handicap:

- openskill sums the skills of a team's members (a team's ``weights`` change how an update is
  shared, not the team's strength), so 6 villagers at 25 would face 2 wolves at 25 as 150
  against 50. We therefore rate one *side performance* per side with openskill's
  Plackett-Luce model: mean ``sum(f_e * mu_e) + mu_side`` and variance
  ``sum((f_e * sigma_e)^2) + sigma_side^2`` (``f_e``: the entrant's share of the side's seats),
  and project the update back onto each component by its share of the variance (the Gaussian
  update of a sum, which is how openskill shares a team's update among members). The side
  handicaps are rated like players, so they are learnt along with the entrants, and a village
  win against a stronger wolf side moves ratings more than a win of the favoured side.
  Per-role ratings were the alternative; they split each entrant's games over many roles (a
  12-seat board has 5-8), so each rating would need several times the games, and a role a
  board lacks would get none.
- Elo uses a fixed handicap per side from the side's overall win rate in the data (in rating
  points), so that an upset moves ratings by more than an expected win.
- Bradley-Terry fits both together: ``P(side A beats side B) = sigmoid(s_A - s_B + h_A - h_B)``
  with ``s`` the seat-share-weighted mean skill, by Newton's method with a weak Gaussian prior.

A game without a winner (truncated at the day limit) counts as a draw; a game stopped by an
error counts for nobody.

**Games scored by returns.** In Kuhn Poker a hand's winner is not what the game rewards: random
play wins more hands than the equilibrium (it calls and bets into the equilibrium's bluffs and
folds less) but loses more chips. When a game's returns say more than who won (a winner's or a
loser's return varies between games: ``score="auto"`` detects it, or ``score="returns"``), each
complete **seed block** (one deal played in every seat order; :func:`block_results`) is rated as
one contest: the entrant with the larger net return over the block wins it, equal nets draw.
This keeps every method (openskill, Elo, Bradley-Terry, polarix) unchanged, and the block is the
natural unit: the luck of the deal cancels inside it, so a block's sign is a low-variance
comparison, and blocks are independent, so the bootstrap resamples blocks. A margin-aware fit
(regressing net chips on skill differences) would use more of each block's information, but its
scale is the game's chip unit and it gives a heavy bluff the weight of many hands; the sign is
robust to both, and each entrant's mean return per game is reported beside the ratings.
The side terms vanish for a block (every entrant played every side; ``GameResult.neutral``). Intervals come from resampling whole games with a seeded numpy
Generator (the ``bootstrap`` of :func:`rate`); openskill also gives its own ``mu +- z sigma``.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any

import numpy as np

ELO_SCALE = 400 / math.log(10)  # logits -> Elo points
METHODS = ("openskill", "elo", "bradley-terry", "polarix")


@dataclass(frozen=True)
class GameResult:
    game_id: str
    entrants: tuple[str, ...]  # per seat
    sides: tuple[str, ...]  # per seat
    roles: tuple[str, ...]  # per seat
    winners: frozenset[int]  # seats
    error: str | None = None
    returns: tuple[float, ...] = ()  # per seat, when known (chips in Kuhn Poker)
    block: str = ""  # games of one seed block (the same deal, entrants rotated) share this key
    neutral: bool = False  # the sides are interchangeable (a whole block): no side terms

    def members(self) -> dict[str, dict[str, float]]:
        """side -> entrant -> its share of the side's seats."""
        out: dict[str, dict[str, float]] = {}
        for side, entrant in zip(self.sides, self.entrants):
            out.setdefault(side, {}).setdefault(entrant, 0.0)
            out[side][entrant] += 1
        for side, counts in out.items():
            total = sum(counts.values())
            out[side] = {e: c / total for e, c in counts.items()}
        return out

    def side_scores(self) -> dict[str, float]:
        """side -> 1 (won), 0 (lost), or 0.5 for every side of a game without a winner."""
        sides = sorted(set(self.sides))
        if not self.winners:
            return {s: 0.5 for s in sides}
        won = {self.sides[s] for s in self.winners}
        return {s: float(s in won) for s in sides}


def _played(results: Iterable[GameResult]) -> list[GameResult]:
    return [r for r in results if r.error is None and len(set(r.sides)) >= 2]


SCORES = ("auto", "wins", "returns")


def returns_decide(results: Iterable[GameResult]) -> bool:
    """Whether the returns say more than who won: winners' (or losers') returns differ between games."""
    won: set[float] = set()
    lost: set[float] = set()
    for r in _played(results):
        if not r.returns or not r.winners:
            continue
        for seat, value in enumerate(r.returns):
            (won if seat in r.winners else lost).add(round(value, 9))
    return len(won) > 1 or len(lost) > 1


def block_results(results: Iterable[GameResult]) -> list[GameResult]:
    """One contest per complete seed block, entrants ranked by their net return over the block.

    A block is complete when no game of it errored and every entrant in it sat the same seats
    of every side (the same number of times), so the deal's luck cancels; incomplete blocks (a
    run cut short, an errored game) are left out. The result's sides are its entrants, neutral.
    """
    blocks: dict[str, list[GameResult]] = {}
    for r in results:
        if r.block:
            blocks.setdefault(r.block, []).append(r)
    out = []
    for key, games in blocks.items():
        if any(g.error is not None or len(g.returns) != len(g.entrants) for g in games):
            continue
        seats: dict[str, dict[str, int]] = {}
        net: dict[str, float] = {}
        for g in games:
            for entrant, side, value in zip(g.entrants, g.sides, g.returns):
                seats.setdefault(entrant, {}).setdefault(side, 0)
                seats[entrant][side] += 1
                net[entrant] = net.get(entrant, 0.0) + value
        names = sorted(net)
        if len(names) < 2 or any(seats[e] != seats[names[0]] for e in names):
            continue
        best = max(net.values())
        winners = frozenset(i for i, e in enumerate(names) if net[e] == best) if best > min(net.values()) else frozenset()
        out.append(GameResult(key, tuple(names), tuple(names), tuple(names), winners, None,
                              tuple(net[e] for e in names), key, neutral=True))
    return out


def rated_units(results: Sequence[GameResult], score: str = "auto") -> list[GameResult]:
    """What the ratings count: the games themselves, or (scored by returns) their seed blocks."""
    if score not in SCORES:
        raise ValueError(f"unknown score {score!r}; known: {', '.join(SCORES)}")
    if score == "returns" or (score == "auto" and returns_decide(results)):
        return block_results(results)
    return list(results)


def entrants_of(results: Iterable[GameResult]) -> list[str]:
    return sorted({e for r in results for e in r.entrants})


# ---------------------------------------------------------------------- openskill
@dataclass
class SkillTable:
    skills: dict[str, float]  # entrant -> rating
    sigma: dict[str, float] = field(default_factory=dict)  # entrant -> uncertainty (openskill)
    handicap: dict[str, float] = field(default_factory=dict)  # side -> its term


def openskill_ratings(results: Sequence[GameResult], model: Any = None) -> SkillTable:
    """Plackett-Luce over side performances (see the module docstring), games in the given order."""
    from openskill.models import PlackettLuce

    model = model or PlackettLuce()
    mu0, sigma0 = float(model.mu), float(model.sigma)
    players: dict[str, list[float]] = {}
    sides: dict[str, list[float]] = {}
    for game in _played(results):
        members = game.members()
        scores = game.side_scores()
        names = sorted(members)
        teams, parts_of = [], []
        for side in names:
            parts = [] if game.neutral else [(1.0, sides.setdefault(side, [0.0, sigma0]))]
            parts += [(f, players.setdefault(e, [mu0, sigma0])) for e, f in members[side].items()]
            mu = sum(f * c[0] for f, c in parts)
            var = sum((f * c[1]) ** 2 for f, c in parts)
            teams.append([model.rating(mu=mu, sigma=math.sqrt(var))])
            parts_of.append((parts, mu, var))
        ranks = [1.0 - scores[s] for s in names]  # lower is better; a draw ties every side
        new = model.rate(teams, ranks=ranks)
        for (parts, mu, var), (rating,) in zip(parts_of, new):
            shrink = 1.0 - rating.sigma ** 2 / var
            for f, c in parts:
                share = f * c[1] ** 2 / var
                c[0] += share * (rating.mu - mu)
                c[1] = math.sqrt(max(c[1] ** 2 - share * f * c[1] ** 2 * shrink, 1e-9))
    return SkillTable({e: v[0] for e, v in players.items()}, {e: v[1] for e, v in players.items()},
                      {s: v[0] for s, v in sides.items()})


# ---------------------------------------------------------------------- Elo
def side_handicaps(results: Sequence[GameResult]) -> dict[str, float]:
    """Each side's fixed Elo term, from how often it won (add-one smoothed), half the log-odds."""
    wins: dict[str, float] = {}
    games: dict[str, float] = {}
    for game in _played(results):
        if game.neutral:
            continue
        for side, score in game.side_scores().items():
            wins[side] = wins.get(side, 0.0) + score
            games[side] = games.get(side, 0.0) + 1
    return {s: ELO_SCALE * math.log((wins[s] + 1) / (games[s] - wins[s] + 1)) / 2 for s in games}


def elo_ratings(results: Sequence[GameResult], k: float = 32.0, start: float = 1500.0) -> SkillTable:
    """Elo with K=32 over side pairs, games in the given order; each entrant moves by its seat share."""
    handicap = side_handicaps(results)
    rating: dict[str, float] = {e: start for e in entrants_of(results)}
    for game in _played(results):
        members, scores = game.members(), game.side_scores()
        names = sorted(members)
        strength = {s: sum(f * rating[e] for e, f in members[s].items()) + (0.0 if game.neutral else handicap.get(s, 0.0))
                    for s in names}
        delta: dict[str, float] = {}
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                if scores[a] == scores[b] and game.winners:  # two winning (or losing) sides: no contest
                    continue
                expected = 1 / (1 + 10 ** ((strength[b] - strength[a]) / 400))
                change = k * (scores[a] - expected) if game.winners else k * (0.5 - expected)
                for e, f in members[a].items():
                    delta[e] = delta.get(e, 0.0) + f * change
                for e, f in members[b].items():
                    delta[e] = delta.get(e, 0.0) - f * change
        for e, d in delta.items():
            rating[e] += d
    return SkillTable(rating, handicap=handicap)


# ---------------------------------------------------------------------- Bradley-Terry
def _bt_fit(results: Sequence[GameResult], names: Sequence[str], prior: float, iterations: int = 50):
    """(theta, hessian, side names): skills in logits, then side terms; the negative log-posterior's Hessian."""
    played = _played(results)
    side_names = sorted({s for g in played if not g.neutral for s in g.sides})
    col = {e: i for i, e in enumerate(names)}
    side_col = {s: len(names) + i for i, s in enumerate(side_names)}
    rows, ys = [], []
    for game in played:
        members, scores = game.members(), game.side_scores()
        sides = sorted(members)
        for i, a in enumerate(sides):
            for b in sides[i + 1:]:
                if scores[a] == scores[b] and game.winners:
                    continue
                x = np.zeros(len(names) + len(side_names))
                for e, f in members[a].items():
                    x[col[e]] += f
                for e, f in members[b].items():
                    x[col[e]] -= f
                if not game.neutral:
                    x[side_col[a]] += 1
                    x[side_col[b]] -= 1
                rows.append(x)
                ys.append(scores[a] if game.winners else 0.5)
    theta = np.zeros(len(names) + len(side_names))
    hess = prior * np.eye(len(theta))
    if rows:
        X, y = np.array(rows), np.array(ys)
        for _ in range(iterations):
            p = 1 / (1 + np.exp(-(X @ theta)))
            grad = X.T @ (y - p) - prior * theta
            hess = (X * (p * (1 - p))[:, None]).T @ X + prior * np.eye(len(theta))
            step = np.linalg.solve(hess, grad)
            theta += step
            if np.max(np.abs(step)) < 1e-8:
                break
    return theta, hess, side_names


def bradley_terry(results: Sequence[GameResult], prior: float = 0.1, iterations: int = 50,
                  entrants: Sequence[str] | None = None) -> SkillTable:
    """Maximum a-posteriori Bradley-Terry with side handicaps; skills in Elo points around 1500."""
    names = list(entrants) if entrants is not None else entrants_of(results)
    theta, _, side_names = _bt_fit(results, names, prior, iterations)
    skills = theta[:len(names)] - theta[:len(names)].mean()
    return SkillTable({e: 1500 + ELO_SCALE * skills[i] for i, e in enumerate(names)},
                      handicap={s: ELO_SCALE * theta[len(names) + i] for i, s in enumerate(side_names)})


def order_confidence(results: Sequence[GameResult], names: Sequence[str], prior: float = 0.1,
                     score: str = "auto") -> tuple[list[str], list[float]]:
    """The Bradley-Terry order and, for each neighbouring pair in it, the probability (Laplace
    approximation of the posterior) that the first is the stronger."""
    theta, hess, _ = _bt_fit(rated_units(results, score), names, prior)
    cov = np.linalg.inv(hess)
    order = sorted(range(len(names)), key=lambda i: -theta[i])
    probs = []
    for a, b in itertools.pairwise(order):
        var = cov[a, a] + cov[b, b] - 2 * cov[a, b]
        probs.append(NormalDist().cdf((theta[a] - theta[b]) / math.sqrt(max(var, 1e-12))))
    return [names[i] for i in order], probs


# ---------------------------------------------------------------------- polarix
def pairwise_scores(results: Sequence[GameResult], names: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(score, games): score[i, j] = i's points against j, over games where each of two sides
    is one entrant (the 'sides' lineup); a draw gives each half."""
    index = {e: i for i, e in enumerate(names)}
    score = np.zeros((len(names), len(names)))
    games = np.zeros((len(names), len(names)))
    for game in _played(results):
        members, scores = game.members(), game.side_scores()
        if len(members) != 2 or any(len(m) != 1 for m in members.values()):
            continue
        (a, ma), (b, mb) = sorted(members.items())
        ea, eb = next(iter(ma)), next(iter(mb))
        if ea == eb:
            continue
        i, j = index[ea], index[eb]
        score[i, j] += scores[a]
        score[j, i] += scores[b]
        games[i, j] += 1
        games[j, i] += 1
    return score, games


def polarix_ratings(results: Sequence[GameResult], entrants: Sequence[str] | None = None) -> SkillTable:
    """Game-theoretic ratings (polarix): the symmetric zero-sum meta-game whose payoff is the
    pairwise win-rate margin, solved for its maximum-entropy correlated equilibrium; an
    entrant's rating is its expected payoff against that equilibrium (0 for the best)."""
    try:
        import polarix as px
    except ModuleNotFoundError:
        raise RuntimeError("the 'polarix' rating needs the polarix package: pip install -e '.[polarix]'") from None
    names = list(entrants) if entrants is not None else entrants_of(results)
    score, games = pairwise_scores(results, names)
    with np.errstate(invalid="ignore", divide="ignore"):
        margin = np.where(games > 0, (score - score.T) / np.maximum(games, 1), 0.0)
    actions = np.array(names)
    meta = px.Game(payoffs=np.stack([margin, -margin]), actions=(actions, actions), players=("row", "column"))
    solved = px.solve(meta, px.ce_maxent, disable_progress_bar=True)
    row = np.asarray(solved.ratings[0], dtype=float)
    return SkillTable({e: float(row[i]) for i, e in enumerate(names)})


# ---------------------------------------------------------------------- win rates
def win_rates(results: Sequence[GameResult]) -> dict[str, dict[str, Any]]:
    """entrant -> games, errors, win rate (per game: the share of its seats that won), mean return
    (per game, the mean over its seats), win rate and games by side, and by role (per seat)."""
    out: dict[str, dict[str, Any]] = {}
    for game in results:
        for e in set(game.entrants):
            row = out.setdefault(e, {"games": 0, "errors": 0, "wins": 0.0, "draws": 0, "returns": 0.0, "sides": {},
                                     "roles": {}})
            row["games"] += 1
            if game.error is not None:
                row["errors"] += 1
                continue
            seats = [s for s, x in enumerate(game.entrants) if x == e]
            if not game.winners:
                row["draws"] += 1
            row["wins"] += sum(s in game.winners for s in seats) / len(seats)
            if game.returns:
                row["returns"] += sum(game.returns[s] for s in seats) / len(seats)
            for side in {game.sides[s] for s in seats}:
                on = [s for s in seats if game.sides[s] == side]
                cell = row["sides"].setdefault(side, [0.0, 0])
                cell[0] += sum(s in game.winners for s in on) / len(on)
                cell[1] += 1
            for s in seats:
                cell = row["roles"].setdefault(game.roles[s], [0.0, 0])
                cell[0] += s in game.winners
                cell[1] += 1
    for row in out.values():
        counted = row["games"] - row["errors"]
        row["win_rate"] = row.pop("wins") / counted if counted else None
        row["mean_return"] = row.pop("returns") / counted if counted else None
        row["sides"] = {s: {"games": n, "win_rate": w / n} for s, (w, n) in sorted(row["sides"].items())}
        row["roles"] = {r: {"seats": n, "win_rate": w / n} for r, (w, n) in sorted(row["roles"].items())}
    return out


# ---------------------------------------------------------------------- all together
@dataclass
class MethodRatings:
    method: str
    rating: dict[str, float]
    low: dict[str, float]
    high: dict[str, float]
    handicap: dict[str, float] = field(default_factory=dict)
    sigma: dict[str, float] = field(default_factory=dict)

    def order(self) -> list[str]:
        return sorted(self.rating, key=lambda e: -self.rating[e])

    def separated(self) -> bool:
        """Whether neighbours in the order have intervals that do not overlap."""
        order = self.order()
        return all(self.low[a] > self.high[b] for a, b in itertools.pairwise(order))


def _fit(method: str, results: Sequence[GameResult], names: Sequence[str]) -> SkillTable:
    if method == "openskill":
        return openskill_ratings(results)
    if method == "elo":
        return elo_ratings(results)
    if method == "bradley-terry":
        return bradley_terry(results, entrants=names)
    if method == "polarix":
        return polarix_ratings(results, names)
    raise ValueError(f"unknown rating method {method!r}; known: {', '.join(METHODS)}")


def bootstrap_intervals(fit: Callable[[Sequence[GameResult]], SkillTable], results: Sequence[GameResult],
                        names: Sequence[str], resamples: int, confidence: float,
                        rng: np.random.Generator) -> tuple[dict[str, float], dict[str, float]]:
    """Percentile intervals of ``fit`` over games resampled with replacement."""
    if resamples <= 0 or not results:
        return {}, {}
    draws = np.full((resamples, len(names)), np.nan)
    for b in range(resamples):
        pick = rng.integers(0, len(results), len(results))
        table = fit([results[i] for i in pick])
        draws[b] = [table.skills.get(e, np.nan) for e in names]
    tail = (1 - confidence) / 2 * 100
    lo = np.nanpercentile(draws, tail, axis=0)
    hi = np.nanpercentile(draws, 100 - tail, axis=0)
    return dict(zip(names, map(float, lo))), dict(zip(names, map(float, hi)))


def rate(results: Sequence[GameResult], methods: Sequence[str] = ("openskill", "elo", "bradley-terry"), *,
         bootstrap: int = 200, confidence: float = 0.95, seed: int = 0,
         bootstrap_methods: Sequence[str] = ("elo", "bradley-terry"), score: str = "auto") -> dict[str, MethodRatings]:
    """Every method's ratings with intervals: bootstrap percentiles for ``bootstrap_methods``,
    openskill's ``mu +- z sigma``, and none for polarix (an equilibrium, not an estimate).
    ``score``: rate wins, net returns over seed blocks, or (auto) returns where they say more
    than who won (see the module docstring)."""
    names = entrants_of(results)
    results = rated_units(results, score)
    out = {}
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    for i, method in enumerate(methods):
        table = _fit(method, results, names)
        rating = {e: float(table.skills.get(e, math.nan)) for e in names}
        if method in bootstrap_methods and bootstrap > 0:
            rng = np.random.default_rng([seed, i])
            low, high = bootstrap_intervals(functools.partial(_fit, method, names=names), results, names,
                                            bootstrap, confidence, rng)
        elif method == "openskill":
            low = {e: rating[e] - z * table.sigma.get(e, math.nan) for e in names}
            high = {e: rating[e] + z * table.sigma.get(e, math.nan) for e in names}
        else:
            low, high = dict(rating), dict(rating)
        out[method] = MethodRatings(method, rating, low, high, table.handicap, table.sigma)
    return out
