"""predict forgets to subtract the reference year"""
MODULE = "trends.py"


@dataclass(frozen=True)
class Trend:
    ooms_per_year: float
    reference_year: float
    log10_at_reference: float
    ooms_per_year_stderr: float = float("nan")
    n_points: int = 0

    @property
    def growth_per_year(self):
        return 10.0 ** self.ooms_per_year

    @property
    def doubling_time_months(self):
        if self.ooms_per_year == 0:
            return math.inf
        return 12.0 * math.log10(2.0) / self.ooms_per_year

    def predict(self, year):
        value = 10.0 ** (self.log10_at_reference + self.ooms_per_year * np.asarray(year, dtype=float))
        return float(value) if np.ndim(value) == 0 else value

    def describe(self):
        return f"{self.growth_per_year:.2f}x/yr"
