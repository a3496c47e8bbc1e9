import CivilAffairs
import Charity
import Disability
import Education
import Employment
import MedicalAid
import SafetyNetKernel

/// The department modules linked into this build, in the order their migrations run.
enum DepartmentRegistry {
    static let modules: [any DepartmentModule] = [
        CivilAffairsModule(), MedicalAidModule(), EducationModule(), EmploymentModule(), DisabilityModule(), CharityModule(),
    ]
}
