"""Build a tiny random-weight Llama checkpoint that vLLM can load on CPU.

No model can be downloaded here, so the tests make their own: a byte-level
BPE tokenizer and a 2-layer Llama with random weights, saved as an ordinary
Hugging Face folder. Its answers are noise, but constrained decoding still
has to turn them into schema-valid JSON, which is exactly what the backend
tests check.

The tokenizer is trained on Werewolf text (every shipped board's rules and
role cards, and the ALIGN prompts of scripted games on two boards the tests
and benchmarks do not play), so it cuts parlour's prompts into about 3.6
characters a token, near the roughly 4 of real models' tokenizers on
English. Trained on a few sentences it cut them into 1.5 characters a token,
which made every prompt 2.4 times longer than a real model would see it and
benchmarks measure attention over text no real model reads.

Run as a script to build a folder by hand:
    python tests/llm/tiny_model.py /tmp/tiny-llama
"""

from __future__ import annotations

import sys
from pathlib import Path

# Sentences only seed the BPE merges; the byte-level initial alphabet is
# what guarantees every JSON character (braces, quotes, digits, colons) is
# a token, so constrained decoding can emit any schema-valid string.
_CORPUS = [
    "The village sleeps while the werewolves choose a victim.",
    "At dawn the players discuss and vote to eliminate a suspect.",
    "The seer checks one player each night; the doctor protects one.",
    '{"target": "alice", "reason": "she was quiet", "confidence": 0.75}',
    '{"vote": "bob", "speech": "I trust carol", "round": 3}',
    "alice bob carol dave erin frank grace heidi ivan judy",
]

def _werewolf_corpus() -> list[str]:
    """Rules, role cards and prompts of scripted games on boards other than werewolf-arena-8."""
    from parlour.agents.llm.interface import (
        WerewolfTextInterface,
        _role_cards,
        rules_text,
    )
    from parlour.agents.scripted import ScriptedWerewolfAgent
    from parlour.envs import werewolf_v0
    from parlour.envs.werewolf import get_variant

    texts = [rules_text(get_variant(v)) + "\n" + _role_cards(get_variant(v)) for v in werewolf_v0.VARIANTS]
    for variant, seed in (("standard-12-guard", 11), ("classic-9", 12)):
        env = werewolf_v0.raw_env(variant)
        env.reset(seed=seed)
        agents = [ScriptedWerewolfAgent.for_env(env) for _ in range(env.engine.n)]
        for seat, agent in enumerate(agents):
            agent.reset(seat, seed * 1009 + seat)
        interface = WerewolfTextInterface(env)
        for k, agent_id in enumerate(env.agent_iter()):
            observation, _, terminated, truncated, info = env.last()
            if terminated or truncated:
                env.step(None)
                continue
            seat = env.agent_name_mapping[agent_id]
            if k % 7 == 0:
                texts.extend(m["content"] for m in interface.messages(seat))
            env.step(agents[seat].act_sync(observation, info))
    return texts


# Role markers are special tokens so the template is cheap to tokenize and
# "<|end|>" can serve as the end-of-sequence token.
_SPECIAL_TOKENS = ["<|pad|>", "<|end|>", "<|system|>", "<|user|>", "<|assistant|>"]

CHAT_TEMPLATE = (
    "{% for m in messages %}"
    "<|{{ m['role'] }}|>{{ m['content'] }}<|end|>"
    "{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)


def build_tiny_model(folder: str | Path, *, seed: int = 0, max_positions: int = 32768) -> Path:
    """Write a tokenizer, config and random weights to `folder`; return it.

    Settings follow what the vLLM CPU build accepts: head size 64 (hidden
    256 / 4 heads; head size 16 is refused by the CPU attention kernel) and
    float32 weights.

    The config declares a 32k context, as many real models' do, so that
    engines started with default settings meet what users' models ask for
    (a KV cache and a prefill budget for 32k tokens).
    """
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=4096,  # an upper bound: the corpus yields about 1,200
        special_tokens=_SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(_CORPUS + _werewolf_corpus(), trainer=trainer)

    hf_tok = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        eos_token="<|end|>",
        pad_token="<|pad|>",
    )
    hf_tok.chat_template = CHAT_TEMPLATE
    hf_tok.save_pretrained(folder)

    eos_id = hf_tok.convert_tokens_to_ids("<|end|>")
    pad_id = hf_tok.convert_tokens_to_ids("<|pad|>")
    config = LlamaConfig(
        vocab_size=len(hf_tok),
        hidden_size=256,
        intermediate_size=512,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=4,
        max_position_embeddings=max_positions,  # rotary: no learned weights, so a long context is free
        bos_token_id=eos_id,
        eos_token_id=eos_id,
        pad_token_id=pad_id,
        tie_word_embeddings=False,
        torch_dtype="float32",
    )
    torch.manual_seed(seed)
    model = LlamaForCausalLM(config).to(torch.float32)
    model.save_pretrained(folder, safe_serialization=True)
    return folder


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "tiny-llama"
    print(build_tiny_model(target))
