"""The WereBench roles in scripted scenes, one ability or interaction at a time: the Stalker, the
Silence Elder, the Nine-tailed Fox, the Demon and the Wolf Beauty (see each role's module for the
rules and the readings chosen where the game prose is silent)."""

from __future__ import annotations

from scenes import Scene, board, deaths, find_seed

from parlour.envs.werewolf import Kind, Phase, Role, Side
from parlour.envs.werewolf.events import PUBLIC, EventKind
from parlour.envs.werewolf.features import FeatureBuilder
from parlour.envs.werewolf.roles.nine_tailed_fox import FULL_TAILS

ELDER = board("werebench-stalker-elder-12", sheriff=False, speech_order="rotation")
BEAUTY = board("werebench-wolf-beauty-12", sheriff=False, speech_order="rotation")
DEMON = board("werebench-demon-12", sheriff=False, speech_order="rotation")
FOX = board("werebench-fox-12", sheriff=False, speech_order="rotation")


def kill(s: Scene, victim: int | None) -> None:
    """Every wolf votes ``victim`` (None: nobody), then the rest of the night passes."""
    s.night(kill=victim)


def vote_day(s: Scene, votes: dict[int, int]) -> None:
    s.to_vote()
    s.vote(votes)
    s.skip_day()


# ====================================================================== Stalker
def test_the_stalker_has_nobody_to_stalk_when_its_vote_exiled_the_seat():
    s = Scene(ELDER, seed=3)
    stalker, wolf = s.seat(Role.STALKER), s.wolves[0]
    kill(s, None)
    vote_day(s, {stalker: wolf})  # the only vote cast: the wolf is exiled
    assert not s.engine.alive[wolf]
    assert s.phase is not Phase.STALK


def test_the_stalkers_mark_dies_at_dawn_and_no_protection_stops_it():
    s = Scene(ELDER, seed=3)
    stalker = s.seat(Role.STALKER)
    mark, other = [v for v in s.seats(Role.VILLAGER)][:2]
    kill(s, None)
    s.to_vote()
    voters = {v: other for v in s.actors if v not in (stalker, other)}  # the table exiles `other` ...
    voters[stalker] = mark                                   # ... while the stalker votes `mark`
    s.vote(voters)
    s.skip_day()
    assert s.phase is Phase.STALK and s.actors == (stalker,)
    assert s.targets(stalker) == {mark}  # only the seat it voted for, alive and not exiled
    s.act(stalker, s.idx(Kind.TARGET, mark))
    at = s.mark()
    s.night(kill=None, save=True)
    assert deaths(s, at) == {mark: "night"}
    assert s.engine.death_cause[mark] == "stalked" and s.engine.stalk_used
    # once a game: the next night offers nothing even after another vote
    s.to_vote()
    third = s.seat(Role.VILLAGER, 2)
    s.vote({v: third for v in s.actors if v != third})
    s.skip_day()
    assert s.phase is not Phase.STALK


def test_an_abstaining_stalker_has_nobody_to_stalk():
    s = Scene(ELDER, seed=3)
    kill(s, None)
    vote_day(s, {})
    assert s.phase is not Phase.STALK


# ====================================================================== Silence Elder
def test_the_silenced_seat_may_only_pass_its_speeches_but_still_votes():
    s = Scene(ELDER, seed=4)
    elder, wolf = s.seat(Role.SILENCE_ELDER), s.wolves[0]
    s.until(Phase.SILENCE)
    s.act(elder, s.idx(Kind.TARGET, wolf))  # the Elder acts last: dawn follows
    assert s.events(EventKind.SILENCED)[-1].target == wolf
    assert s.events(EventKind.SILENCED)[-1].visible == PUBLIC  # the host names the seat at dawn
    s.until(Phase.SPEECH)
    while s.actors != (wolf,):
        s.noop(s.actors[0])
        s.until(Phase.SPEECH)
    assert s.kinds(wolf) <= {Kind.PASS, Kind.EXPLODE}  # gestures only (a wolf may still explode)
    s.noop(wolf)
    s.until(Phase.VOTE)
    assert wolf in s.actors  # the silence takes the voice, not the vote


def test_the_elder_may_silence_itself_and_the_silence_ends_at_nightfall():
    s = Scene(ELDER, seed=4)
    elder = s.seat(Role.SILENCE_ELDER)
    s.until(Phase.SILENCE)
    assert elder in s.targets(elder)
    s.act(elder, s.idx(Kind.TARGET, elder))
    assert s.engine.silenced == elder
    s.skip_day()
    assert s.engine.silenced == -1


def test_the_silence_is_in_every_seats_observation_for_that_day_only():
    s = Scene(ELDER, seed=4)
    features = FeatureBuilder(s.engine)
    elder, target = s.seat(Role.SILENCE_ELDER), s.seat(Role.SEER)
    s.until(Phase.SILENCE)
    s.act(elder, s.idx(Kind.TARGET, target))
    view = features.layout.view(features.observe(0), "silenced")
    assert view[target] == 1 and view.sum() == 1
    s.skip_day()
    assert features.layout.view(features.observe(0), "silenced").sum() == 0


# ====================================================================== Wolf Beauty
def test_the_wolf_beauty_charms_only_good_players_and_her_lover_dies_with_her_without_a_shot():
    seed = find_seed(BEAUTY, lambda e: True)
    s = Scene(BEAUTY, seed=seed)
    beauty, hunter = s.seat(Role.WOLF_BEAUTY), s.seat(Role.HUNTER)
    s.until(Phase.CHARM)
    assert s.targets(beauty).isdisjoint(s.wolves)
    s.act(beauty, s.idx(Kind.TARGET, hunter))
    s.night()
    s.to_vote()
    at = s.mark()
    s.vote({v: beauty for v in s.actors if v != beauty})
    s.skip_day()
    assert deaths(s, at) == {beauty: "exile", hunter: "love"}
    assert not s.events(EventKind.SHOOT, at)  # dying for love, the Hunter may not shoot


def test_the_wolf_beauty_may_not_self_explode():
    s = Scene(BEAUTY, seed=5)
    beauty = s.seat(Role.WOLF_BEAUTY)
    kill(s, None)
    s.until(Phase.SPEECH)
    while s.actors != (beauty,):
        assert s.actors[0] == beauty or Kind.EXPLODE not in s.kinds(s.actors[0]) or s.actors[0] in s.wolves
        s.noop(s.actors[0])
        s.until(Phase.SPEECH)
    assert Kind.EXPLODE not in s.kinds(beauty)


# ====================================================================== Demon
def test_the_demon_learns_god_or_not_and_survives_the_poison():
    s = Scene(DEMON, seed=6)
    demon, seer, villager = s.seat(Role.DEMON), s.seat(Role.SEER), s.seat(Role.VILLAGER)
    s.until(Phase.DEMON_CHECK)
    s.act(demon, s.idx(Kind.TARGET, seer))
    assert s.events(EventKind.DEMON_CHECK)[-1].value is True and s.events(EventKind.DEMON_CHECK)[-1].visible == demon
    s.skip_day()
    at = s.mark()
    s.night(poison=demon)  # the witch still has her poison: it is spent, the Demon lives
    assert demon not in deaths(s, at) and s.engine.alive[demon] and not s.engine.poison
    s.skip_day()
    s.until(Phase.DEMON_CHECK)
    s.act(demon, s.idx(Kind.TARGET, villager))
    assert s.events(EventKind.DEMON_CHECK)[-1].value is False


def test_the_demon_is_a_wolf_to_the_seer_and_may_not_explode():
    s = Scene(DEMON, seed=6)
    demon = s.seat(Role.DEMON)
    assert demon in s.wolves
    s.night(check=demon)
    assert s.events(EventKind.SEER_CHECK)[-1].value == Role.DEMON.side
    s.until(Phase.SPEECH)
    while s.actors != (demon,):
        s.noop(s.actors[0])
        s.until(Phase.SPEECH)
    assert Kind.EXPLODE not in s.kinds(demon)


# ====================================================================== Nine-tailed Fox
def test_the_fox_cannot_die_at_night_with_nine_tails_and_loses_one_per_villager_two_per_god():
    s = Scene(FOX, seed=7)
    fox, villager, hunter = s.seat(Role.NINE_TAILED_FOX), s.seat(Role.VILLAGER), s.seat(Role.HUNTER)
    at = s.mark()
    s.night(kill=fox)
    assert fox not in deaths(s, at) and s.engine.fox_tails == FULL_TAILS
    s.to_vote()
    s.vote({v: villager for v in s.actors if v != villager})  # a villager is exiled: one tail
    s.skip_day()
    assert s.engine.fox_tails == FULL_TAILS - 1
    assert s.events(EventKind.FOX_TAILS)[-1].value == FULL_TAILS - 1  # the host tells it at night
    assert s.events(EventKind.FOX_TAILS)[-1].visible == fox
    at = s.mark()
    s.night(kill=hunter)
    s.skip_day()
    assert s.engine.fox_tails == FULL_TAILS - 3  # a god costs two
    at = s.mark()
    s.night(kill=fox)
    assert deaths(s, at).get(fox) == "night"  # mortal once a tail is lost


# ====================================================================== Magician
MAGICIAN = board("werebench-magician-12", sheriff=False, speech_order="rotation")


def swap(s: Scene, a: int, b: int) -> None:
    magician = s.seat(Role.MAGICIAN)
    s.until(Phase.SWAP_FIRST)
    s.act(magician, s.idx(Kind.TARGET, a))
    assert s.phase is Phase.SWAP_SECOND and a not in s.targets(magician)
    s.act(magician, s.idx(Kind.TARGET, b))


def test_the_magicians_swap_sends_the_wolves_kill_to_the_other_seat():
    s = Scene(MAGICIAN, seed=8)
    magician, villager = s.seat(Role.MAGICIAN), s.seat(Role.VILLAGER)
    swap(s, magician, villager)  # itself with a villager, as in Season 3 game 1
    at = s.mark()
    s.night(kill=magician)
    assert deaths(s, at) == {villager: "night"}


def test_the_magicians_swap_redirects_the_poison_and_the_seers_check():
    s = Scene(MAGICIAN, seed=8)
    wolf, villager = s.wolves[0], s.seat(Role.VILLAGER)
    swap(s, wolf, villager)
    at = s.mark()
    s.night(kill=None, poison=wolf, check=villager)
    assert deaths(s, at) == {villager: "night"}  # the poison aimed at the wolf lands on the villager
    assert s.events(EventKind.SEER_CHECK)[-1].value == Role.WEREWOLF.side  # the villager's number shows the wolf


def test_a_magician_who_passes_swaps_nothing():
    s = Scene(MAGICIAN, seed=8)
    villager = s.seat(Role.VILLAGER)
    at = s.mark()
    s.night(kill=villager)
    assert deaths(s, at) == {villager: "night"} and not s.events(EventKind.SWAP)


# ====================================================================== Cupid and the Thief
CUPID = board("werebench-cupid-thief-12", sheriff=False, speech_order="rotation")


def link(s: Scene, a: int, b: int) -> None:
    cupid = s.seat(Role.CUPID)
    s.until(Phase.LINK_FIRST)
    s.act(cupid, s.idx(Kind.TARGET, a))
    s.act(cupid, s.idx(Kind.TARGET, b))


def test_the_lovers_learn_each_other_and_die_together_without_a_shot():
    s = Scene(CUPID, seed=find_seed(CUPID, lambda e: Role.HUNTER in e.roles and Role.CUPID in e.roles))
    hunter, villager = s.seat(Role.HUNTER), s.seat(Role.VILLAGER)
    link(s, hunter, villager)
    lovers = {e.target: e.value for e in s.events(EventKind.LOVERS)}
    assert lovers == {hunter: villager, villager: hunter}
    assert all(e.visible == e.target for e in s.events(EventKind.LOVERS))
    assert not s.engine.third_side  # two good lovers: no third side
    at = s.mark()
    s.night(kill=villager)
    assert deaths(s, at) == {villager: "night", hunter: "night"}  # announced together at dawn
    assert s.engine.death_cause[hunter] == "love" and not s.events(EventKind.SHOOT, at)


def test_a_wolf_among_the_lovers_makes_a_third_side_that_wins_alone():
    s = Scene(CUPID, seed=find_seed(CUPID, lambda e: Role.CUPID in e.roles))
    cupid, wolf = s.seat(Role.CUPID), s.wolves[0]
    link(s, cupid, wolf)
    assert s.engine.third_side == {cupid, wolf}
    assert s.engine.team(wolf) is Side.LOVERS and s.engine.team(cupid) is Side.LOVERS
    # every other wolf dead does not win the village while the lovers live
    e = s.engine
    for seat in [x for x in range(e.n) if x not in e.third_side and e.is_wolf[x]]:
        e._kill(seat, "exile")
    e._check_win()
    assert not e.done


def test_the_thief_must_take_a_wolf_card_when_one_is_spare_and_then_hunts_with_the_wolves():
    seed = find_seed(CUPID, lambda e: Role.THIEF in e.roles and Role.WEREWOLF in e.spare
                     and set(e.spare) != {Role.WEREWOLF})
    s = Scene(CUPID, seed=seed)
    thief = s.seat(Role.THIEF)
    assert s.phase is Phase.THIEF_PICK and s.actors == (thief,)
    assert {s.layout.decode(i) for i in s.legal(thief)} == {(Kind.CLAIM, int(Role.WEREWOLF))}
    s.act(thief, s.idx(Kind.CLAIM, Role.WEREWOLF))
    assert s.engine.roles[thief] is Role.WEREWOLF and thief in s.wolves
    assert thief in s.events(EventKind.TEAMMATES)[-1].value
    s.until(Phase.WOLF_KILL)
    assert thief in s.actors


def test_the_thief_chooses_freely_between_two_good_cards():
    seed = find_seed(CUPID, lambda e: Role.THIEF in e.roles and not any(r is Role.WEREWOLF for r in e.spare)
                     and len(set(e.spare)) == 2)
    s = Scene(CUPID, seed=seed)
    thief = s.seat(Role.THIEF)
    offered = {Role(s.layout.decode(i)[1]) for i in s.legal(thief)}
    assert offered == set(s.engine.spare)
    card = sorted(offered)[-1]
    s.act(thief, s.idx(Kind.CLAIM, card))
    assert s.engine.roles[thief] is card and s.engine.n == 12 == CUPID.num_players


# ====================================================================== Ghost Bride
BRIDE = board("werebench-ghost-bride-12", sheriff=False, speech_order="rotation")


def wed(s: Scene, groom: int, witness: int) -> None:
    bride = s.seat(Role.GHOST_BRIDE)
    s.until(Phase.GROOM)
    assert bride not in s.targets(bride) and Kind.PASS not in s.kinds(bride)
    s.act(bride, s.idx(Kind.TARGET, groom))
    assert groom not in s.targets(bride) and bride not in s.targets(bride)
    s.act(bride, s.idx(Kind.TARGET, witness))


def test_the_ghost_brides_wedding_makes_a_third_side_and_the_couple_dies_together():
    s = Scene(BRIDE, seed=find_seed(BRIDE, lambda e: Role.GHOST_BRIDE in e.roles and Role.HUNTER in e.roles))
    bride, groom, witness = s.seat(Role.GHOST_BRIDE), s.seat(Role.VILLAGER), s.seat(Role.HUNTER)
    wed(s, groom, witness)
    assert s.engine.third_side == {bride, groom, witness}
    assert s.events(EventKind.WITNESS)[-1].visible == witness and s.events(EventKind.WITNESS)[-1].value == (bride, groom)
    at = s.mark()
    s.night(kill=groom)
    s.until(Phase.SPEECH)
    assert deaths(s, at) == {groom: "night", bride: "night"}
    assert s.engine.alive[witness]  # the witness outlives the couple and plays on for the third side
    assert s.engine.team(witness) is Side.LOVERS
