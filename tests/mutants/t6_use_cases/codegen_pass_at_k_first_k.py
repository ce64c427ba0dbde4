"""evaluate_problems: pass@k = 1 if one of the first k candidates passed"""
MODULE = "codegen.py"


def evaluate_problems(problems=None, k_values=(1, 5), timeout_s: float = 2.0,
                      memory_mb: int = 256, runner=None) -> dict:
    problems = PROBLEMS if problems is None else problems
    if not problems:
        raise ValueError("no problems to evaluate")
    rows = []
    for problem in problems:
        n = len(problem["candidates"])
        too_big = [k for k in k_values if not 1 <= k <= n]
        if too_big:
            raise ValueError(f"problem {problem['name']!r} has {n} candidates: "
                             f"pass@k needs 1 <= k <= {n}, got k={too_big[0]}")
        statuses = [run_candidate(candidate["source"], problem["tests"], timeout_s=timeout_s,
                                  memory_mb=memory_mb, runner=runner)["status"]
                    for candidate in problem["candidates"]]
        c = statuses.count("passed")
        rows.append({"name": problem["name"], "n": n, "c": c, "statuses": statuses,
                     "pass_at_k": {k: float("passed" in statuses[:k]) for k in k_values}})
    mean = {k: sum(row["pass_at_k"][k] for row in rows) / len(rows) for k in k_values}
    return {"problems": rows, "pass_at_k": mean}
