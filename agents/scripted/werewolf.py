"""Scripted Werewolf agents: one rule-based policy that plays every role from its own observation.

The agent reads only what the env hands it: the ``observation`` vector, decoded block by block
through :class:`ObservationLayout.view`, and the ``action_mask``. It never touches the engine, so
it sees exactly what an RL or LLM agent in its seat would see. Between its own calls it keeps a
small memory of the game (past vote rounds, what it has already said, the victims a witch was
shown), reset by ``reset(seat, seed)``. All randomness comes from one numpy Generator seeded there.

=================  =====================================================================
role               behaviour
=================  =====================================================================
Villager           votes on the evidence; accuses and announces its vote (VOTE_INTENT) first
Seer               checks the most suspicious unchecked seat; claims Seer, reports every check
                   and accuses a checked wolf; runs for sheriff; bids high with a new check
Witch              saves the victim on nights 1-2 (later: a credible seer, or herself when the
                   rules allow); poisons a seat that is credibly reported or caught lying
Guard / Doctor     protect the most credible claimed seer, else themselves (the guard leaves
                   night 1 empty when a witch save could clash with its protection)
Hunter             when it dies, shoots the most suspected seat (holds fire without evidence)
Knight             duels a seat that is credibly reported as a wolf or caught lying
Idiot              plays as a villager
Stalker            assassinates the seat it voted for that day when the evidence is strong
                   (suspicion >= STRONG) or that seat is its top suspect with suspicion > 1
Silence Elder      silences its top suspect when one has suspicion > 1, else nobody
Nine-tailed Fox    plays as a villager (its night immunity needs no decision)
Cupid              links itself and the living seat it trusts most (lowest suspicion, random
                   among equals), so the pair is most likely two good players and no third side
Ghost Bride        weds the living seat it trusts most and names the next one as witness (on
                   night 1 that is a draw among equals: nobody has spoken yet)
Thief              takes the wolf card when it must; otherwise the first god card among the
                   spares in the order Seer, Witch, Guard, Hunter, Cupid, else a villager card
Magician           from night 2, swaps a credible claimed seer with the seat the village suspects
                   most that nobody credibly reported as a wolf (the witch poisons reported wolves,
                   so her poison rarely lands on the seer), so the wolves' kill on the seer falls
                   on a suspect; otherwise no swap
Werewolves         agree on one kill through the wolf channel (VOTE_INTENT) and on one day
                   target; one wolf may fake-claim Seer, "reporting" a good seat as a wolf
Wolf King          as a wolf; when shot dead it takes a claimed god (the seer first)
White Wolf King    as a wolf; explodes by day to take a claimed seer when that is worth a wolf
Wolf Beauty        as a wolf (never explodes); charms the good seat the wolves most want dead
                   (a claimed seer first), so that her exile costs the village that seat
Demon              as a wolf (never explodes); checks the unchecked non-wolf the wolves rate
                   most threatening, and proposes a god it found as the night's kill
Sheriff election   the seer runs (and a wolf that means to fake-claim); goods elect the most
                   credible claimer; the direction is random; a dying good sheriff hands the
                   badge to the seat it trusts most, a wolf to a teammate
=================  =====================================================================

The good side scores every seat's suspicion from public evidence: reports by seer claimers,
weighted by how credible each claimer is (a single claimer is trusted; counter-claimers split the
trust; a claimer caught in a contradiction is a liar, and so a wolf), claims of a wolf role,
accusations and votes against seats known to be good, plus what the seat knows privately (its
checks, its own role). Goods vote the top suspect and follow the announced votes of trusted seats,
so the village votes as a bloc. Wolves pick targets by deterministic rules from what all wolves
see, so they agree without needing to talk.

Build one agent per seat with :meth:`ScriptedWerewolfAgent.for_env` (or :func:`scripted_agents`);
the agent learns its seat and role from its observations, so the same object can play any seat.
Speech acts go out as structured :class:`Action` objects (several stances in one turn), or with
``multi_stance=False`` as single mask indices.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from parlour.envs.werewolf.actions import Action, ActionLayout, CheckReport, Kind
from parlour.envs.werewolf.features import ObservationLayout
from parlour.envs.werewolf.phases import Phase
from parlour.envs.werewolf.roles import WOLF_ROLES, Role, Side
from parlour.envs.werewolf.rules import RuleSet

from ..base import SyncAgent

GOOD, WOLF = int(Side.VILLAGE), int(Side.WOLVES)  # indices of the side axis in checks/reports
_BLOCKS = ("alive", "sheriff", "candidates", "death_cause", "revealed_role", "revealed_side", "claims", "reports",
           "accused", "defended", "vote_intent", "votes", "phase",                       # public
           "seat", "role", "teammates", "checks", "night_victim", "wolf_votes")          # private
_WOLF_COLS = [int(r) for r in WOLF_ROLES]
_GOD_ROLES = (Role.SEER, Role.WITCH, Role.GUARD, Role.DOCTOR, Role.KNIGHT, Role.IDIOT, Role.HUNTER, Role.STALKER,
              Role.SILENCE_ELDER, Role.NINE_TAILED_FOX, Role.MAGICIAN, Role.CUPID, Role.GHOST_BRIDE)
# Phases before the day vote on day 1: a vote round seen then is the sheriff election's.
_BEFORE_VOTE = frozenset({Phase.SHERIFF_VOTE, Phase.DIRECTION, Phase.SPEECH, Phase.BID, Phase.TAKE})

# Evidence weights (suspicion units; 3 is "a trusted seer says wolf").
W_REPORT_WOLF, W_REPORT_GOOD, W_LIAR, W_WOLF_CLAIM = 3.0, 2.0, 4.0, 5.0
STRONG = 2.9  # enough to poison or duel on: one trusted wolf report, not a 50/50 counter-claim


def _weighted(weights: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """``weights @ matrix`` without BLAS: tiny products are no faster there, and OpenBLAS's thread
    pool slows forked worker processes (a process pool of games) to a crawl."""
    return (weights[:, None] * matrix).sum(0)


_ROLE_IDS = max(Role) + 1


def _by_role_id(block: np.ndarray, cols: tuple[Role, ...]) -> np.ndarray:
    """A (seats, board roles) block as (seats, every role id): column ``r`` is role ``r``."""
    wide = np.zeros((block.shape[0], _ROLE_IDS), bool)
    wide[:, list(cols)] = block
    return wide


class _Seen:
    """One observation, decoded: boolean views of its blocks (every feature but the day is 0/1)."""

    def __init__(self, layout: ObservationLayout, vec: np.ndarray, day_limit: int):
        flags = vec > 0.5  # one comparison for the whole vector, then views into it
        self.flags = flags
        b = {name: layout.view(flags, name) for name in _BLOCKS}
        self.b = b
        self.cache: dict = {}  # the agent's analyses of this observation
        self.alive = b["alive"]
        self.day = int(round(float(layout.view(vec, "day")[0]) * day_limit))
        self.phase = layout.phase_of(int(b["phase"].argmax()))
        self.seat = int(b["seat"].argmax())
        # The role-sized blocks span the board's roles; widened here to stable-id columns, so the
        # policy indexes them by Role whatever the board (a role off the board: an all-0 column).
        cols = layout.roles
        self.role = cols[int(b["role"].argmax())]
        self.claims = _by_role_id(b["claims"], cols)
        self.rw = b["reports"][:, :, WOLF]      # rw[c, j]: c reported j as a wolf
        self.rg = b["reports"][:, :, GOOD]
        self.rev_good = b["revealed_side"][:, GOOD]
        self.rev_wolf = b["revealed_side"][:, WOLF]
        self.night_dead = b["death_cause"][:, 0] & ~self.alive
        self.rev_role = _by_role_id(b["revealed_role"], cols)
        self.any_rev_role = bool(self.rev_role.any())
        self.intents = b["vote_intent"]           # intents[a, j]: a announced a vote for j today
        self.sheriff = int(b["sheriff"].argmax()) if b["sheriff"].any() else -1


class ScriptedWerewolfAgent(SyncAgent):
    """A rule-based Werewolf player for any role and board (see the module docstring).

    ``multi_stance=True`` speaks with structured :class:`Action` speech acts (claim, reports,
    accusations and a vote intent at once); ``False`` keeps every action a single mask index
    (one stance per speech turn, the most important first), for flat-action datasets.
    """

    name = "scripted"

    def __init__(self, action_layout: ActionLayout, observation_layout: ObservationLayout, rules: RuleSet,
                 seed: int | None = None, *, multi_stance: bool = True):
        self.layout, self.obs_layout, self.rules = action_layout, observation_layout, rules
        self.n = n = action_layout.n
        self.multi_stance = multi_stance
        counts = rules.role_counts
        self.n_wolves = sum(c for r, c in counts.items() if r in WOLF_ROLES)
        self.on_board = set(counts)
        self.unique_cols = [int(r) for r in _GOD_ROLES if r in counts]
        self.unique_gods = [c for c in self.unique_cols if c != Role.SEER]
        off = action_layout.offset
        self.TARGET, self.PASS, self.YES = off[Kind.TARGET], off[Kind.PASS], off[Kind.YES]
        self.off = off
        self._ar = np.arange(n)
        self._seat_weights = (7 ** self._ar) % 1000003  # distinct weights per seat for _tiebreak
        self.seat = -1
        self.fallbacks = 0  # actions the policy got wrong and replaced by a legal one (should stay 0)
        self.rng = np.random.default_rng(seed)
        self._new_game()
        self._handlers = {
            Phase.GUARD: self._protect, Phase.DOCTOR: self._protect, Phase.WOLF_CHAT: self._wolf_chat,
            Phase.WOLF_KILL: self._wolf_kill, Phase.WITCH_SAVE: self._witch_save,
            Phase.WITCH_POISON: self._witch_poison, Phase.SEER: self._seer_check, Phase.LAST_WORDS: self._speak,
            Phase.CAMPAIGN: self._speak, Phase.SPEECH: self._speak, Phase.PK_SPEECH: self._speak,
            Phase.SHOOT: self._shoot, Phase.BADGE: self._badge, Phase.SHERIFF_RUN: self._run,
            Phase.WITHDRAW: self._withdraw, Phase.SHERIFF_VOTE: self._sheriff_vote, Phase.DIRECTION: self._direction,
            Phase.BID: self._bid, Phase.TAKE: self._shoot, Phase.VOTE: self._vote, Phase.PK_VOTE: self._vote,
            Phase.STALK: self._stalk, Phase.SILENCE: self._silence, Phase.CHARM: self._charm,
            Phase.DEMON_CHECK: self._demon_check, Phase.SWAP_FIRST: self._swap_first,
            Phase.SWAP_SECOND: self._swap_second, Phase.LINK_FIRST: self._link_first,
            Phase.LINK_SECOND: self._link_second, Phase.THIEF_PICK: self._thief_pick,
            Phase.GROOM: self._link_second, Phase.WITNESS: self._link_second,
        }
        self._god_checks = "god_checks" in observation_layout.slices  # the Demon's results, on its boards

    @classmethod
    def for_env(cls, env, seed: int | None = None, **kwargs) -> ScriptedWerewolfAgent:
        """An agent for a werewolf_v0 env (AEC, wrapped or parallel): it reads the env's layouts and rules."""
        base = getattr(env, "unwrapped", env)
        return cls(base.layout, base.observation_layout, base.rules, seed, **kwargs)

    def reset(self, seat: int, seed: int | None = None) -> None:
        super().reset(seat, seed)
        if seed is not None:
            self.rng = np.random.default_rng(seed)
        self._new_game()

    def _new_game(self) -> None:
        n = self.n
        self.last_day = 0
        self.past_votes = np.zeros((n, n), np.float32)   # exile votes of finished rounds
        self.round_votes = np.zeros((n, n), bool)        # the latest round seen
        self.round_day, self.round_exile = -1, False
        self.said_reports: set[int] = set()              # seats whose (real or fake) check I reported
        self.fake_checks: dict[int, int] = {}             # fake seer: seat -> side reported
        self.victims: set[int] = set()                    # witch: seats the wolves attacked
        self.last_victim, self.last_victim_day = -1, 0   # wolves: our last kill target
        # Drawn up front so every seat uses its Generator the same way whatever its role.
        self.fake_plan = bool(self.rng.random() < 0.7)    # as the designated wolf, fake-claim Seer
        self.preempt = bool(self.rng.random() < 0.5)      # ... even before a real seer has claimed

    # ------------------------------------------------------------------ entry point
    def act_sync(self, observation: Any, info: dict | None = None) -> int | Action:
        mask = observation["action_mask"]
        legal = np.flatnonzero(mask)
        if len(legal) == 0:
            raise ValueError(f"seat {self.seat}: the action mask has no legal action")
        if len(legal) == 1:  # waiting seats (turns="all") and forced moves
            return int(legal[0])
        o = _Seen(self.obs_layout, observation["observation"], self.rules.day_limit)
        if o.day < self.last_day:  # a new game began without reset(): forget the old one
            self._new_game()
        self.seat = o.seat
        self.last_day = o.day
        self._remember(o)
        action = self._handlers[o.phase](o, mask)
        if not self._legal(action, mask):
            self.fallbacks += 1
            action = self.PASS if mask[self.PASS] else int(legal[0])
        return action

    def _legal(self, action, mask) -> bool:
        if isinstance(action, Action):
            return all(0 <= i < len(mask) and mask[i] for i in action.indices(self.layout))
        return 0 <= action < len(mask) and bool(mask[action])

    def _remember(self, o: _Seen) -> None:
        # The votes block holds only the latest round: fold each round into past_votes once.
        cur = o.b["votes"]
        if cur.any() and not np.array_equal(cur, self.round_votes):
            growing = o.day == self.round_day and not (self.round_votes & ~cur).any()  # open votes coming in
            if not growing:
                if self.round_exile:
                    self.past_votes += self.round_votes
                self.round_day = o.day
                self.round_exile = not (self.rules.sheriff and o.day == 1 and (
                    o.phase in _BEFORE_VOTE or (o.phase is Phase.VOTE and self.rules.vote == "simultaneous")))
            self.round_votes = cur
        if o.b["night_victim"].any():
            victim = int(o.b["night_victim"].argmax())
            if o.role is Role.WITCH:
                self.victims.add(victim)
            elif o.role in WOLF_ROLES:
                self.last_victim, self.last_victim_day = victim, o.day

    def _all_votes(self) -> np.ndarray:
        return self.past_votes + (self.round_votes if self.round_exile else 0)

    # ------------------------------------------------------------------ reasoning
    def _known(self, o: _Seen, private: bool = True) -> np.ndarray:
        """Each seat's side as far as I know: +1 wolf, -1 good, 0 unknown."""
        k = np.zeros(self.n)
        if private:
            if o.role in WOLF_ROLES:  # wolves know every seat
                k[:] = -1
                k[o.b["teammates"]] = 1
            else:
                k[o.seat] = -1
                if o.role is Role.SEER:
                    checks = o.b["checks"]
                    k[checks[:, GOOD]] = -1
                    k[checks[:, WOLF]] = 1
        k[o.rev_good] = -1
        k[o.rev_wolf] = 1
        return k

    def _suspicion(self, o: _Seen, private: bool = True):
        """(suspicion, credibility, liar, seer_claimer) per seat, from my view or the public one."""
        cached = o.cache.get(private)
        if cached is not None:
            return cached
        me = o.seat
        known = self._known(o, private)
        good, wolf = known < 0, known > 0
        rw, rg, claims = o.rw, o.rg, o.claims
        claim_seer = claims[:, Role.SEER]
        other_claim = claims.any(1) & ~claim_seer
        n_reports = rw.sum(1) + rg.sum(1)
        claimer = claim_seer | ((n_reports > 0) & ~other_claim)  # a report is an implicit Seer claim
        # A liar is caught by facts only: checks without a seer claim, more checks than nights, more
        # wolves than the board has, a check that contradicts what I know.
        liar = (n_reports > 0) & other_claim
        liar |= n_reports > max(o.day, 1)
        liar |= rw.sum(1) > self.n_wolves
        liar |= rw[:, good].any(1) | rg[:, wolf].any(1)
        if Role.WITCH not in self.on_board:  # without a witch, every night death is the wolves' kill
            liar |= rw[:, o.night_dead].any(1)
        if private and o.role not in WOLF_ROLES:
            if o.role is Role.SEER:
                liar |= claimer
            elif int(o.role) in self.unique_cols:  # someone else claims my unique role
                liar |= claims[:, o.role]
            liar[me] = False
        if o.any_rev_role:  # a unique role revealed by death, a shot or the idiot's exile
            for col in self.unique_cols:
                shown = o.rev_role[:, col]
                if shown.any():
                    liar |= (claimer if col == Role.SEER else claims[:, col]) & ~shown
        liar &= ~good
        honest = claimer & ~liar
        # An explicit claim outweighs bare reports (a real seer says who it is), the more so when
        # an honest explicit claimer exists; the wolves kill the real seer, so a claimer dead in the
        # night gains weight.
        explicit = claim_seer & honest
        weight = np.where(claim_seer, 1.0, 0.2 if explicit.any() else 0.6) * honest
        weight *= np.where(o.night_dead & explicit, 2.5, 1.0)
        weight *= np.where(rw[:, wolf].any(1), 3.0, 1.0)    # found a wolf we now know of
        if honest.sum() >= 2:
            cred = weight / weight.sum()
        else:
            cred = np.minimum(weight, 1.0)
        if private and o.role is Role.SEER:
            cred = (self._ar == me).astype(float)
        # Counter-claimers calling each other wolves is what either would say: only the counter-claim counts.
        rw_eff = rw & ~np.outer(honest, honest)
        s = W_REPORT_WOLF * _weighted(cred, rw_eff) - W_REPORT_GOOD * _weighted(cred, rg)
        if honest.sum() >= 2:  # counter-claims: the less credible claimers are likely wolves
            s += 2.0 * (1.0 - cred) * honest
        s += W_LIAR * liar + W_WOLF_CLAIM * claims[:, _WOLF_COLS].any(1)
        gods = claims[:, self.unique_gods]  # two seats claim one unique role (the seer's case is above)
        s += (gods[:, gods.sum(0) >= 2]).any(1)
        # Conduct: accusing or voting out seats known good, defending strong suspects.
        good_set = good | (cred >= 0.99) | (s <= -1.5)
        bad_set = wolf | (s >= STRONG)
        trusted = (s < 1.0).astype(float)
        accused = o.b["accused"]
        s += 0.3 * _weighted(trusted, accused) + accused[:, good_set].sum(1) + o.b["defended"][:, bad_set].sum(1)
        votes = self._all_votes()
        s += 0.7 * votes[:, good_set].sum(1) - 0.5 * votes[:, wolf].sum(1)
        if private and self.victims:  # the wolves' victims are likely good (a random pack may bite its own)
            s[list(self.victims)] -= 1.0
        s[good] = -100.0
        s[wolf] = 100.0
        o.cache[private] = out = (s, cred, liar, claimer)
        return out

    def _tiebreak(self, o: _Seen, wolves: bool = False) -> np.ndarray:
        """A small per-seat key that every seat with the same information computes alike, so agents
        with the same evidence pick the same seat. It mixes in facts of this game (who is dead, and
        for wolves who the wolves are) so the convention does not favour the same seats every game."""
        bits = o.alive.astype(np.int64) + 2 * o.night_dead
        if wolves:
            bits = bits + 4 * self._mates(o)
        salt = int(bits @ self._seat_weights) + o.day * 97531
        return ((self._ar + 1) * 2654435761 + salt * 40503) % 1009 * 1e-5

    def _pick(self, score: np.ndarray, allowed: np.ndarray) -> int:
        """The allowed seat with the highest score, or -1."""
        if not allowed.any():
            return -1
        return int(np.where(allowed, score, -np.inf).argmax())

    def _targets(self, mask) -> np.ndarray:
        return mask[self.TARGET:self.TARGET + self.n] > 0

    def _target(self, seat: int) -> int:
        return self.PASS if seat < 0 else self.TARGET + seat

    def _good_vote_choice(self, o: _Seen, s: np.ndarray, allowed: np.ndarray) -> int:
        """Top suspect, nudged towards the votes trusted seats announced (so the village votes together)."""
        trusted = ((s < 1.0) & o.alive).astype(float)
        score = s + 0.4 * _weighted(trusted, o.intents) + self._tiebreak(o)
        if o.sheriff >= 0 and trusted[o.sheriff]:
            score += 0.3 * o.intents[o.sheriff]  # the sheriff's vote counts 1.5
        return self._pick(score, allowed)

    # ------------------------------------------------------------------ wolves
    def _mates(self, o: _Seen) -> np.ndarray:
        return o.b["teammates"]

    def _faker(self, o: _Seen) -> bool:
        """The lowest-seated living wolf is the one who may fake-claim Seer (so only one does)."""
        alive_mates = np.flatnonzero(self._mates(o) & o.alive)
        return self.fake_plan and len(alive_mates) > 0 and alive_mates[0] == o.seat

    def _threats(self, o: _Seen) -> np.ndarray:
        """Priority of killing each seat, the same for every wolf (public facts plus the team)."""
        mates = self._mates(o)
        s, cred, _, claimer = self._suspicion(o, private=False)
        p = np.zeros(self.n)
        p += (10.0 + 2.0 * cred) * claimer                           # the seer first
        for col in self.unique_cols:
            if col not in (Role.SEER, Role.HUNTER, Role.IDIOT):
                p += 6.0 * o.claims[:, col]                          # other claimed gods
        p -= 3.0 * o.claims[:, Role.HUNTER]                          # a killed hunter shoots back
        if o.sheriff >= 0:
            p[o.sheriff] += 4.0
        p += np.minimum(o.b["accused"][:, mates].sum(1) + self._all_votes()[:, mates].sum(1), 3.0)
        # Keep alive those our fake seer called wolves: the village should exile them, and a
        # night kill of a "wolf" would expose the fake.
        p[o.rw[mates].any(0)] -= 8.0
        return p + self._tiebreak(o, wolves=True)

    def _kill_choice(self, o: _Seen) -> int:
        mates = self._mates(o)
        allowed = o.alive & ~mates
        if o.role is Role.DEMON and self._god_checks:  # a god the Demon found comes first
            gods = self.obs_layout.view(o.flags, "god_checks")[:, 1] & allowed
            if gods.any():
                return int(np.flatnonzero(gods)[0])
        proposed = o.b["wolf_votes"][mates].sum(0) * allowed         # follow a teammate's proposal
        if proposed.any():
            return int(proposed.argmax())
        p = self._threats(o)
        last = self.last_victim
        if (0 <= last < self.n and o.alive[last] and self.last_victim_day == o.day - 1
                and self.rules.doctor_repeat and Role.DOCTOR in self.on_board):
            p[last] -= 5.0  # the doctor saved it and may well again
        return self._pick(p, allowed)

    def _wolf_day_target(self, o: _Seen) -> int:
        """One non-wolf every wolf votes: what we already announced, else the seat the village suspects
        most (our votes then look like theirs and tip the scale), a seer who reported one of us a little
        ahead. At the vote every wolf sees the same facts, so they agree."""
        mates = self._mates(o)
        allowed = o.alive & ~mates
        s, _, _, claimer = self._suspicion(o, private=False)
        threat = claimer & o.rw[:, mates].any(1)
        score = (np.clip(s, -5, 5) + 0.4 * o.intents.sum(0) + 1.0 * o.intents[mates].sum(0) + 0.3 * threat
                 + self._tiebreak(o, wolves=True))
        return self._pick(score, allowed)

    def _wolf_chat(self, o: _Seen, mask):
        return self._say(mask, vote_intent=self._kill_choice(o))

    def _wolf_kill(self, o: _Seen, mask):
        return self._target(self._kill_choice(o))

    def _fake_report(self, o: _Seen, target: int) -> tuple[int, int] | None:
        """Today's fake check: at most one a day, never contradicting a public fact.

        It frames a good seat that is not the rival claimer (calling the rival a wolf is what either
        claimer would say, so it convinces nobody), or vouches for a teammate once the frames run out.
        """
        if len(self.fake_checks) >= o.day:
            return None
        mates = self._mates(o)
        s, _, _, claimer = self._suspicion(o, private=False)
        fresh = ~np.isin(self._ar, list(self.fake_checks)) & (self._ar != o.seat) & o.alive
        wolf_reports = sum(1 for side in self.fake_checks.values() if side == WOLF)
        if wolf_reports < self.n_wolves - 1:
            frame = fresh & ~mates & ~claimer & ~o.rev_good & ~o.rev_role.any(1)
            if 0 <= self.last_victim < self.n:  # the witch knows whom we attacked: do not frame it
                frame[self.last_victim] = False
            if target >= 0 and frame[target]:
                return target, WOLF
            j = self._pick(s + self._tiebreak(o, wolves=True), frame)
            if j >= 0:
                return j, WOLF
        gold = mates & fresh & ~o.rev_wolf
        if gold.any():
            return int(self.rng.choice(np.flatnonzero(gold))), GOOD
        return None

    # ------------------------------------------------------------------ speech
    def _say(self, mask, claim: Role | None = None, reports=(), accuse=(), vote_intent: int = -1):
        """A speech act of the legal parts given: an Action when several, an index when one."""
        off = self.off
        claim_index = -1 if claim is None else self.layout.index(Kind.CLAIM, claim)  # -1: not on this board
        claim = claim if claim_index >= 0 and mask[claim_index] else None
        reports = [(j, side) for j, side in reports
                   if mask[off[Kind.REPORT_WOLF if side == WOLF else Kind.REPORT_GOOD] + j]]
        accuse = [j for j in accuse if j >= 0 and mask[off[Kind.ACCUSE] + j]]
        vote_intent = vote_intent if vote_intent >= 0 and mask[off[Kind.VOTE_INTENT] + vote_intent] else -1
        if not self.multi_stance:  # one stance: the newest report, else the claim, else the accusation ...
            reports = [r for r in reports if r[0] not in self.said_reports][:1]
            if reports:
                claim, accuse, vote_intent = None, [], -1
            elif claim is not None:
                accuse, vote_intent = [], -1
            elif accuse:
                vote_intent = -1
        self.said_reports.update(j for j, _ in reports)
        parts = [claim is not None, len(reports), len(accuse), vote_intent >= 0]
        if sum(parts) == 0:
            return self.PASS
        if sum(parts) == 1:
            if claim is not None:
                return claim_index
            if reports:
                j, side = reports[0]
                return off[Kind.REPORT_WOLF if side == WOLF else Kind.REPORT_GOOD] + j
            if accuse:
                return off[Kind.ACCUSE] + accuse[0]
            return off[Kind.VOTE_INTENT] + vote_intent
        return Action(claim=claim, reports=tuple(CheckReport(seat=j, side=Side(side)) for j, side in reports),
                      accuse=tuple(accuse), vote_intent=None if vote_intent < 0 else vote_intent)

    def _speak(self, o: _Seen, mask):
        if o.role in WOLF_ROLES:
            return self._wolf_speech(o, mask)
        s, cred, liar, _ = self._suspicion(o)
        others = o.alive & (self._ar != o.seat)
        target = self._good_vote_choice(o, s, others)
        if mask[self.off[Kind.DUEL]:self.off[Kind.DUEL] + self.n].any():  # the knight's one duel
            duel = self._pick(s, others & (cred < 0.5))
            if duel >= 0 and s[duel] >= STRONG:
                return self.off[Kind.DUEL] + duel
        if o.role is Role.SEER:
            checks = o.b["checks"]
            mine = [(int(j), WOLF if checks[j, WOLF] else GOOD) for j in np.flatnonzero(checks.any(1))]
            # Newest facts first; repeat old ones only in last words (the block keeps them anyway).
            fresh = [r for r in mine if r[0] not in self.said_reports]
            reports = mine if o.phase is Phase.LAST_WORDS else fresh
            wolves = [j for j, side in mine if side == WOLF and o.alive[j]]
            wolves += [int(j) for j in np.flatnonzero(liar & o.alive) if j not in wolves]
            accuse = wolves[:2] or ([target] if target >= 0 and s[target] >= 1.0 else [])
            return self._say(mask, Role.SEER, reports, accuse, target)
        accuse = [target] if target >= 0 and s[target] >= 1.0 else []
        return self._say(mask, accuse=accuse, vote_intent=target)

    def _wolf_speech(self, o: _Seen, mask):
        mates = self._mates(o)
        target = self._wolf_day_target(o)
        if self._wwk_explode(o, mask):
            return self.off[Kind.EXPLODE]
        s, _, _, claimer = self._suspicion(o, private=False)
        # Accuse only with the evidence a villager would want: an accusation out of nowhere is a tell.
        accuse = [target] if target >= 0 and s[target] >= 1.0 else []
        real_claimed = (claimer & ~mates).any()
        i_claimed = bool(o.claims[o.seat, Role.SEER])
        if self._faker(o) and (i_claimed or real_claimed or self.preempt):
            report = self._fake_report(o, target)
            reports = []
            if report is not None:
                self.fake_checks[report[0]] = report[1]
                reports = [report]
                if report == (target, WOLF):
                    accuse = [target]
            return self._say(mask, Role.SEER, reports, accuse, target)
        return self._say(mask, accuse=accuse, vote_intent=target)

    def _wwk_explode(self, o: _Seen, mask) -> bool:
        """The White Wolf King trades itself for a claimed seer when it is exposed or the seer survives nights."""
        if o.role is not Role.WHITE_WOLF_KING or not mask[self.off[Kind.EXPLODE]]:
            return False
        mates = self._mates(o)
        if (mates & o.alive).sum() < 2:  # exploding as the last wolf loses the game
            return False
        s, _, _, claimer = self._suspicion(o, private=False)
        seer = claimer & o.alive & ~mates
        return bool(seer.any() and (s[o.seat] >= STRONG or o.day >= 2))

    # ------------------------------------------------------------------ night roles
    def _protect(self, o: _Seen, mask):
        """Guard or doctor: the most credible claimed seer, else myself."""
        allowed = self._targets(mask)
        s, cred, _, _ = self._suspicion(o)
        seer = self._pick(cred, allowed & (cred >= 0.5) & (self._ar != o.seat))
        if seer >= 0:
            return self._target(seer)
        if (o.phase is Phase.GUARD and o.day == 1 and Role.WITCH in self.on_board
                and self.rules.guard_save_conflict == "dies"):
            return self.PASS  # the witch saves on night 1: a guard on the same seat would kill it
        if allowed[o.seat]:
            return self._target(o.seat)
        if o.sheriff >= 0 and allowed[o.sheriff] and s[o.sheriff] < 1.0:  # a trusted sheriff next
            return self._target(o.sheriff)
        return self.PASS

    def _witch_save(self, o: _Seen, mask):
        victim = int(o.b["night_victim"].argmax()) if o.b["night_victim"].any() else -1
        if victim < 0:
            return self.PASS
        if victim == o.seat:  # asked at all, so the rules let me save myself
            return self.YES
        s, cred, _, _ = self._suspicion(o)
        if s[victim] >= STRONG:  # a suspected wolf "killed" by its own pack: not worth the antidote
            return self.PASS
        if o.day <= 2 or cred[victim] >= 0.5 or o.claims[victim, self.unique_cols].any():
            return self.YES
        return self.PASS

    def _witch_poison(self, o: _Seen, mask):
        s, _, _, _ = self._suspicion(o)
        allowed = self._targets(mask)
        j = self._pick(s + self._tiebreak(o), allowed)
        few_left = o.alive.sum() <= 5
        if j >= 0 and (s[j] >= STRONG or (few_left and s[j] >= 1.5)):
            return self._target(j)
        return self.PASS

    def _seer_check(self, o: _Seen, mask):
        s, _, liar, _ = self._suspicion(o)
        checked = o.b["checks"].any(1)
        allowed = self._targets(mask) & ~checked & ~liar & ~o.rev_good & ~o.rev_wolf
        if not allowed.any():
            allowed = self._targets(mask)
        # Most suspicious first, random among equals; the sheriff is worth knowing too.
        score = np.clip(s, -5, 5) + self.rng.random(self.n)
        if o.sheriff >= 0:
            score[o.sheriff] += 0.5
        return self._target(self._pick(score, allowed))

    # ------------------------------------------------------------------ WereBench roles
    def _top_suspect(self, o: _Seen, allowed: np.ndarray) -> tuple[int, float]:
        s, _, _, _ = self._suspicion(o)
        j = self._pick(s + self._tiebreak(o), allowed)
        return j, (float(s[j]) if j >= 0 else 0.0)

    def _stalk(self, o: _Seen, mask):
        """Stalker: the voted seat (the only target offered) when the evidence is strong or it is my top suspect."""
        voted = int(np.flatnonzero(self._targets(mask))[0])
        s, _, _, _ = self._suspicion(o)
        top, _ = self._top_suspect(o, o.alive & (self._ar != o.seat))
        go = s[voted] >= STRONG or (top == voted and s[voted] > 1.0)
        return self._target(voted if go else -1)

    def _silence(self, o: _Seen, mask):
        """Silence Elder: mute the top suspect for a day, or nobody without evidence."""
        j, score = self._top_suspect(o, self._targets(mask) & (self._ar != o.seat))
        return self._target(j if score > 1.0 else -1)

    def _charm(self, o: _Seen, mask):
        """Wolf Beauty: the good seat the wolves most want dead dies with her."""
        return self._target(self._pick(self._threats(o), self._targets(mask) & ~self._mates(o)))

    def _swap_pair(self, o: _Seen) -> tuple[int, int]:
        """Magician: (credible seer, unreported top suspect), or (-1, -1) for no swap."""
        if o.day < 2:
            return -1, -1
        s, cred, liar, claimer = self._suspicion(o)
        seers = o.alive & claimer & ~liar & (cred > 0.5)
        if not seers.any():
            return -1, -1
        seer = int(np.flatnonzero(seers)[np.argmax(cred[seers])])
        reported = (cred[:, None] * o.rw).sum(0) > 0.5
        j, score = self._top_suspect(o, o.alive & ~reported & (self._ar != seer) & (self._ar != o.seat))
        return (seer, j) if j >= 0 and score > 0 else (-1, -1)

    def _swap_first(self, o: _Seen, mask):
        return self._target(self._swap_pair(o)[0])

    def _swap_second(self, o: _Seen, mask):
        first = int(np.flatnonzero(self.obs_layout.view(o.flags, "swap_picks"))[0])
        seer, other = self._swap_pair(o)
        return self._target(other if first == seer else -1)

    def _link_first(self, o: _Seen, mask):
        return self._target(o.seat)

    def _link_second(self, o: _Seen, mask):
        s, _, _, _ = self._suspicion(o)
        allowed = self._targets(mask) & (self._ar != o.seat)
        return self._target(self._pick(-s + self.rng.random(self.n) * 0.1, allowed))

    def _thief_pick(self, o: _Seen, mask):
        offered = {self.layout.decode(int(i))[1]: int(i) for i in np.flatnonzero(mask)}
        for role in (Role.SEER, Role.WITCH, Role.GUARD, Role.HUNTER, Role.CUPID):
            if role in offered:
                return offered[role]
        return min(offered.values())

    def _demon_check(self, o: _Seen, mask):
        """Demon: the most threatening unchecked non-wolf (claimed gods are already known)."""
        checked = (self.obs_layout.view(o.flags, "god_checks").any(1) if self._god_checks
                   else np.zeros(self.n, bool))
        allowed = self._targets(mask) & ~self._mates(o) & ~checked
        if not allowed.any():
            allowed = self._targets(mask) & ~self._mates(o)
        return self._target(self._pick(self._threats(o) + self.rng.random(self.n), allowed))

    # ------------------------------------------------------------------ deaths, badge, sheriff
    def _shoot(self, o: _Seen, mask):
        """Hunter: the top suspect if there is evidence. Wolf king (shot or exploded): the top threat."""
        allowed = self._targets(mask) & (self._ar != o.seat)
        if o.role in WOLF_ROLES:
            return self._target(self._pick(self._threats(o), allowed & ~self._mates(o)))
        s, _, _, _ = self._suspicion(o)
        j = self._pick(s + self._tiebreak(o), allowed)
        return self._target(j if j >= 0 and s[j] >= 1.0 else -1)

    def _badge(self, o: _Seen, mask):
        allowed = self._targets(mask) & (self._ar != o.seat)
        if o.role in WOLF_ROLES:
            return self._target(self._pick(self._tiebreak(o, wolves=True), allowed & self._mates(o)))
        s, cred, _, _ = self._suspicion(o)
        trust = -s + 3.0 * cred + self.rng.random(self.n) * 0.1
        j = self._pick(trust, allowed)
        return self._target(j if j >= 0 and s[j] < 1.0 else -1)

    def _run(self, o: _Seen, mask):
        """Run for sheriff: the seer (to claim), and the wolf that means to fake-claim."""
        if o.role is Role.SEER or (o.role in WOLF_ROLES and self._faker(o)):
            return self.YES
        return self.PASS

    def _withdraw(self, o: _Seen, mask):
        if o.role is Role.SEER or o.role in WOLF_ROLES:
            return self.PASS
        _, cred, _, _ = self._suspicion(o)
        others = o.b["candidates"].copy()
        others[o.seat] = False
        return self.YES if (cred[others] >= 0.5).any() else self.PASS

    def _sheriff_vote(self, o: _Seen, mask):
        allowed = self._targets(mask)
        if o.role in WOLF_ROLES:
            return self._target(self._pick(self._tiebreak(o, wolves=True), allowed & self._mates(o)))
        s, cred, _, _ = self._suspicion(o)
        j = self._pick(3.0 * cred - s + self._tiebreak(o), allowed)
        return self._target(j if j >= 0 and s[j] < 2.0 else -1)

    def _direction(self, o: _Seen, mask):
        return self.off[Kind.CLOCKWISE] if self.rng.random() < 0.5 else self.off[Kind.ANTICLOCKWISE]

    def _bid(self, o: _Seen, mask):
        """Bid high with something new to say (a check, a counter-claim), low otherwise."""
        bid = 0
        if o.role is Role.SEER:
            checked = np.flatnonzero(o.b["checks"].any(1))
            bid = 4 if any(j not in self.said_reports for j in checked) else 1
        elif o.role in WOLF_ROLES:
            mates = self._mates(o)
            if self._faker(o) and len(self.fake_checks) < o.day:
                _, _, _, claimer = self._suspicion(o, private=False)
                bid = 4 if (claimer & ~mates).any() or self.preempt else 1
            else:
                bid = 0 if o.intents[mates].any() else 1
        elif o.rw.any() or o.claims.any():  # without a report or a claim a strong case is rare: save the work
            s, _, _, _ = self._suspicion(o)
            top = self._good_vote_choice(o, s, o.alive & (self._ar != o.seat))
            bid = 2 if top >= 0 and s[top] >= STRONG and not o.intents[o.seat, top] else 0
        return self.off[Kind.BID] + bid

    # ------------------------------------------------------------------ votes
    def _vote(self, o: _Seen, mask):
        """Day vote and PK revote: goods vote the top suspect, wolves their agreed target."""
        allowed = self._targets(mask) & (self._ar != o.seat)
        if o.role in WOLF_ROLES:
            target = self._wolf_day_target(o)
            if target >= 0 and allowed[target]:
                return self._target(target)
            s, _, _, _ = self._suspicion(o, private=False)
            return self._target(self._pick(s + self._tiebreak(o, wolves=True), allowed & ~self._mates(o)))
        s, _, _, _ = self._suspicion(o)
        return self._target(self._good_vote_choice(o, s, allowed))


def scripted_agents(env, seed: int | None = None, **kwargs) -> dict[str, ScriptedWerewolfAgent]:
    """One scripted agent per seat of ``env``, keyed by agent name (seeds ``seed*1009 + seat``)."""
    base = getattr(env, "unwrapped", env)
    return {name: ScriptedWerewolfAgent.for_env(env, None if seed is None else seed * 1009 + i, **kwargs)
            for i, name in enumerate(base.possible_agents)}
