//! A small embedded list of common given names with their usual gender, used to resolve
//! pronouns (`he`/`she`) to the right earlier person when attributing quotations.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// Grammatical gender of a person as far as the text tells us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// Referred to as "he".
    Male,
    /// Referred to as "she".
    Female,
}

const MALE: &str = "aaron abdul abraham adam adrian ahmed al alan albert alberto alejandro alex alexander \
alexei alfred ali allen alvin amir andre andres andrew andy angel angelo anthony antonio arnold arthur \
austin barack barry ben benjamin benny bernard bernie beto bill billy bob bobby boris brad bradley \
brandon brendan brent brett brian bruce bryan buddy byron calvin cameron carl carlos cary cecil \
cesar chad charles charlie chris christian christopher chuck clarence claude clay clayton cliff \
clifford clint cody colin connor corey cory craig curtis dale dan daniel danny darrell darren dave \
david dean dennis derek devin dick dmitry don donald doug douglas duane dustin dwight earl ed eddie \
edgar eduardo edward edwin eli elijah elliot emmanuel enrique eric erik ernest ethan eugene evan \
felipe felix fernando frank franklin fred frederick gabriel gary gavin gene geoffrey george gerald \
gilbert glen glenn gordon graham grant greg gregory gustavo guy hakeem hank harold harry harvey \
hector henry herbert herman howard hugh hunter ian isaac ivan jack jacob jaime jake james jamie jared \
jason javier jay jeb jeff jeffrey jeremy jerome jerry jesse jesus jim jimmy joaquin joe joel joey \
john johnny jon jonathan jorge jose joseph josh joshua juan julian justin karl keith ken kenneth kevin \
kirk kurt kyle lamar lance larry lawrence lee leo leon leonard lindsey lloyd lorenzo louis lucas luis \
luke malcolm manuel marco marcus mario mark martin marvin matt matthew maurice max michael miguel \
mike mitch mitchell mitt mohammed muhammad nathan neil nelson newt nicholas nick nigel noah norman \
oliver omar orrin oscar owen pablo patrick paul pedro pete peter phil philip rafael ralph ramon randy \
raul ray raymond reed reince reggie rex ricardo richard rick ricky rob robert roberto rod rodney roger \
roland ron ronald ronny ross roy ruben rudy rudolph rush russ russell ryan sam samuel scott sean \
sergei sergio seth shawn sherrod sidney stanley stephen steve steven stuart ted terry theodore thom \
thomas tim timothy todd tom tommy tony travis trey troy tyler vernon victor vince vincent vladimir \
wade walter warren wayne wesley will william willie xavier zach zachary \
liam gareth alastair alistair iain rhodri hamish dylan callum declan kieran rory shane gerry \
desmond nicolas pierre jacques francois michel philippe klaus jurgen hans wolfgang";

// Given names borne by men and women alike (Kim, Jan, Robin, Kelly, Dana, Lynn, Jean, Tracy,
// Jackie) are in neither list: their gender comes from honorifics and pronouns only.
const FEMALE: &str = "abigail ada adriana alexandra alexis alice alicia alison allison alma amanda amber \
amy ana andrea angela angelina angie anita ann anna anne annie april ashley audrey barbara beatriz \
becky belinda betsy betty beverly bonnie brenda bridget brittany brooke camila candace carla carly \
carmen carol carole caroline carolyn catherine cathy cecilia charlotte cheryl chelsea christina \
christine cindy claire clara claudia colleen connie courtney crystal cynthia daisy danielle \
darlene dawn debbie deborah debra denise diana diane dolores donna doris dorothy edith eileen elaine \
eleanor elena elizabeth ellen elise elisa elsa emily emma erica erin esther eva evelyn fatima florence \
frances gabriela gabrielle gail gina gladys gloria grace gretchen hannah harriet hazel heather heidi \
helen hillary holly hope ileana irene iris isabel isabella jacqueline jane janet janice \
jasmine jeanne jennifer jenny jessica jill joan joanna joanne jodi jodie josephine joy joyce \
judith judy julia julie june justine karen karina kate katherine kathleen kathryn kathy katie kay \
kayla kellyanne kimberly kirsten kristen kristi kristin kristina laura lauren leah lena \
linda lisa lois loretta lori louise lucia lucy mallory marcia margaret maria marian marie \
marilyn marjorie marsha martha mary maureen maxine megan melania melanie melissa meryl michele \
michelle mildred mindy miranda monica nadia nancy natalie nicole nikki nina nora norma olivia paige \
pam pamela patricia patty paula pauline peggy penny phyllis priscilla rachel rebecca regina renee \
rita roberta rosa rosalind rose ruth sabrina sally samantha sandra sara sarah sharon sheila \
shelley sherry shirley sonia sophia stacey stephanie sue susan susana suzanne sylvia tamara tammy \
tanya teresa theresa tiffany tina tulsi ursula valerie vanessa veronica vicki victoria violet \
virginia wanda wendy whitney yolanda yvonne zoe";

fn table() -> &'static FxHashMap<&'static str, Gender> {
    static TABLE: OnceLock<FxHashMap<&'static str, Gender>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m = FxHashMap::default();
        for n in MALE.split_whitespace() {
            m.insert(n, Gender::Male);
        }
        for n in FEMALE.split_whitespace() {
            m.insert(n, Gender::Female);
        }
        m
    })
}

/// The usual gender of a given name (case-insensitive), or `None` when it is not in the list.
pub fn first_name_gender(name: &str) -> Option<Gender> {
    if name.len() > 16 || !name.is_ascii() {
        return None;
    }
    let mut buf = [0u8; 16];
    let lower = &mut buf[..name.len()];
    lower.copy_from_slice(name.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower)
        .ok()
        .and_then(|s| table().get(s).copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_names() {
        assert_eq!(first_name_gender("Claudia"), Some(Gender::Female));
        assert_eq!(first_name_gender("DONALD"), Some(Gender::Male));
        assert_eq!(first_name_gender("Zzyzx"), None);
        assert_eq!(first_name_gender("Ángela"), None);
        assert_eq!(first_name_gender(""), None);
    }
}
