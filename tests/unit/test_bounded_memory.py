"""The per-process memory the portal keeps recent answers in (links, tokens, cookies)."""

from portal.bounded_memory import BoundedMemory


def test_a_memory_keeps_what_it_is_given_up_to_its_limit():
    memory: BoundedMemory[str, int] = BoundedMemory(3)
    assert memory.remember("a", 1) == 1
    memory.remember("b", 2)
    memory.remember("a", 10)  # a key kept again is replaced, not added
    memory.remember("c", 3)
    assert memory == {"a": 10, "b": 2, "c": 3}


def test_a_full_memory_starts_again_with_the_newest():
    memory: BoundedMemory[str, int] = BoundedMemory(2)
    for number, key in enumerate("abc"):
        memory.remember(key, number)
    assert memory == {"c": 2}
