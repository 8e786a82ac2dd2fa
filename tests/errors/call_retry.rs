//! `#[retry(…)]` on a task call statement: the policies that call takes.

use super::*;

#[test]
fn retry_at_a_call_replaces_the_declared_policies() {
    let with_retry = |mut spec: asl::ir::TaskSpec, policies: Vec<RetryPolicy>| {
        spec.retry = policies;
        spec
    };
    assert_eq!(
        retry_here::workflow().body,
        [
            stmt(StmtKind::Assign {
                var: VarId(1),
                value: call(
                    with_retry(
                        fallback::task(),
                        vec![
                            retry(&["Busy"], Some(5), None),
                            retry(&["States.ALL"], None, Some(1))
                        ]
                    ),
                    at(0)
                ),
            }),
            stmt(StmtKind::Eval(call(
                with_retry(
                    fallback::task(),
                    vec![retry(&["Lambda.TooManyRequestsException"], None, None)]
                ),
                at(0)
            ))),
            stmt(StmtKind::Assign {
                var: VarId(2),
                value: call(
                    with_retry(pay::task(), vec![retry(&["States.ALL"], Some(0), None)]),
                    at(0)
                ),
            }),
            ret(at(1)),
        ]
    );
}
