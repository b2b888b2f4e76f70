"""Human natural history and transmission of the virus (chikungunya or dengue).

Defaults are chikungunya, ECSA lineage with E1-A226V, in *Aedes albopictus*:
per-bite probabilities and human durations from Manore et al. 2014 (J Theor
Biol 356:174); mosquito infection per bite raised to the E1-A226V range
(Sci Rep 2018, s41598-018-34664-5); extrinsic incubation 2-3.5 d (Dubrulle et
al. 2009, PLoS One 4:e5895). Symptomatic share ~0.85 (Chinese surveillance
review). Onset-to-report median 4 d before the 2025 campaign (Zhang M et al.,
Infect Dis Poverty 2025).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.validation import check_probability, check_range

__all__ = ["DiseaseParams"]


@dataclass(frozen=True)
class DiseaseParams:
    """Virus and human-disease parameters.

    Attributes:
        name: preset name.
        p_mosquito_to_human: chance an infectious bite infects a susceptible human.
        p_human_to_mosquito: chance a bite on a viraemic human infects the mosquito.
        eip_days: extrinsic incubation period in the mosquito (days).
        incubation_days: mean human intrinsic incubation (days, lognormal).
        incubation_sd_days: its standard deviation (days).
        infectious_days: mean viraemic period (days, lognormal).
        infectious_sd_days: its standard deviation (days).
        p_symptomatic: share of infections with symptoms.
        p_seek_care: share of symptomatic people who go to a clinic and get reported.
        report_delay_days: median onset-to-report delay (days, geometric-like).
        immune_after_recovery: recovered people cannot be re-infected.
    """

    name: str = "chikungunya"
    p_mosquito_to_human: float = 0.33
    p_human_to_mosquito: float = 0.75
    eip_days: float = 3.0
    incubation_days: float = 3.0
    incubation_sd_days: float = 1.5
    infectious_days: float = 6.0
    infectious_sd_days: float = 1.5
    p_symptomatic: float = 0.85
    p_seek_care: float = 0.9
    report_delay_days: float = 4.0
    immune_after_recovery: bool = True

    def __post_init__(self) -> None:
        check_probability("p_mosquito_to_human", self.p_mosquito_to_human)
        check_probability("p_human_to_mosquito", self.p_human_to_mosquito)
        check_range("eip_days", self.eip_days, 0.5, 60.0)
        check_range("incubation_days", self.incubation_days, 0.5, 60.0)
        check_range("incubation_sd_days", self.incubation_sd_days, 0.0, 30.0)
        check_range("infectious_days", self.infectious_days, 0.5, 60.0)
        check_range("infectious_sd_days", self.infectious_sd_days, 0.0, 30.0)
        check_probability("p_symptomatic", self.p_symptomatic)
        check_probability("p_seek_care", self.p_seek_care)
        check_range("report_delay_days", self.report_delay_days, 0.0, 60.0)
