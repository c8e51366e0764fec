"""Meeting scheduler for business-matching events (temu usaha): a pure core, no Django.

problem = problem_from_dict(data)          # or build Problem(...) in code
solution = solve(problem, time_limit=30)   # always a valid schedule + proven bound
errors = validate_schedule(problem, solution.meetings)  # [] when valid
"""

from .baseline import first_come_schedule
from .model import (
    STATUS_FEASIBLE,
    STATUS_OPTIMAL,
    Buyer,
    Meeting,
    Pair,
    Problem,
    ProblemError,
    Seller,
    Solution,
    check_problem,
    objective_of,
    problem_from_dict,
    problem_to_dict,
    solution_to_dict,
    validate_schedule,
)
from .solver import solve

__all__ = [
    "STATUS_FEASIBLE",
    "STATUS_OPTIMAL",
    "Buyer",
    "Meeting",
    "Pair",
    "Problem",
    "ProblemError",
    "Seller",
    "Solution",
    "check_problem",
    "first_come_schedule",
    "objective_of",
    "problem_from_dict",
    "problem_to_dict",
    "solution_to_dict",
    "solve",
    "validate_schedule",
]
