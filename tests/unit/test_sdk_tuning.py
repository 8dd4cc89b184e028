from msrest.universal_http.requests import ClientRetryPolicy

from bot.sdk_tuning import speed_up_retry_policy


def test_the_retry_policy_keeps_the_same_codes_after_the_speed_up() -> None:
    before = ClientRetryPolicy().policy.status_forcelist
    speed_up_retry_policy()
    speed_up_retry_policy()
    assert isinstance(ClientRetryPolicy.safe_codes, frozenset)
    assert ClientRetryPolicy().policy.status_forcelist == before
    assert 408 in before and 502 in before and 404 not in before
